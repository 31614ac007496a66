using Tailor.Postgres.Tests.Servers;
using Tailor.Storage;

namespace Tailor.Postgres.Tests.Conformance;

/// <summary>The conformance suite on Debian's PostgreSQL 15 (no pgvector: vectors are searched in memory), a new database per test.</summary>
public sealed class NativePostgresConformanceTests(NativePostgres server) : StoreConformanceTests, IClassFixture<NativePostgres>
{
    private readonly List<string> _urls = [];

    static NativePostgresConformanceTests() => PostgresStore.Register();

    protected override IKnowledgeStore CreateStore()
    {
        var url = server.CreateDatabase();
        _urls.Add(url);
        return PostgresStore.Open(url);
    }

    protected override IKnowledgeStore ReopenStore(IKnowledgeStore store) => PostgresStore.Open(_urls[^1]);

    protected override string? NewDatabase() => server.CreateDatabase();

    [Fact]
    public void Without_pgvector_the_store_leaves_vector_search_to_memory()
    {
        using var store = (PostgresStore)CreateStore();
        Assert.False(store.SearchesVectors);
    }

    [Fact]
    public void Two_processes_opening_a_new_database_at_once_migrate_it_once()
    {
        var url = server.CreateDatabase();
        var opened = Enumerable.Range(0, 4).AsParallel().WithDegreeOfParallelism(4).Select(_ => PostgresStore.Open(url)).ToList();
        foreach (var s in opened) s.Dispose();
        using var store = PostgresStore.Open(url);
        Assert.Empty(store.CheckRows());
    }
}
