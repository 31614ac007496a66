using Tailor.Storage;

namespace Tailor.Postgres.Tests.Conformance;

/// <summary>The conformance suite on the embedded store: SQLite in a temporary folder.</summary>
public sealed class SqliteStoreConformanceTests : StoreConformanceTests
{
    private int _stores;

    protected override IKnowledgeStore CreateStore()
    {
        var folder = Temp.File($"store{++_stores}");
        Directory.CreateDirectory(folder);
        return SqliteStore.Open(Path.Combine(folder, KnowledgeBase.DatabaseFileName));
    }

    protected override IKnowledgeStore ReopenStore(IKnowledgeStore store) => SqliteStore.Open(((SqliteStore)store).Path);

    protected override string? NewDatabase() => null;

    /// <summary>SQLite is one folder's store: a job's files stay in that folder.</summary>
    protected override bool KeepsJobFiles => false;
}
