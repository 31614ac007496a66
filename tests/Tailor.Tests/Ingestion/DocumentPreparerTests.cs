using Tailor.Ingestion;
using Tailor.Testing;

namespace Tailor.Tests.Ingestion;

/// <summary>A document id another file still holds: refused by default, replaced with <see cref="IngestOptions.Replace"/> (uploads).</summary>
public sealed class DocumentPreparerTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _temp.Dispose();
    }

    [Fact]
    public async Task An_id_held_by_a_file_elsewhere_is_refused_unless_the_run_replaces_it()
    {
        var first = _temp.File("server-a");
        var second = _temp.File("server-b");
        Directory.CreateDirectory(first);
        Directory.CreateDirectory(second);
        File.WriteAllText(Path.Combine(first, "notes.md"), "# Notes\n\nThe first copy talks about apples.\n");
        File.WriteAllText(Path.Combine(second, "notes.md"), "# Notes\n\nThe second copy talks about pears.\n");
        using var kb = KnowledgeBase.Open(_temp.File("kb"));
        Assert.Equal(1, (await kb.IngestAsync([first])).Added);

        var refused = await kb.IngestAsync([second]);
        Assert.Contains("already used by", Assert.Single(refused.Failures).Error);
        Assert.Equal(Path.Combine(first, "notes.md"), kb.Documents.Get("notes.md")!.Source);

        var replaced = await kb.IngestAsync([second], new IngestOptions { Replace = true });
        Assert.Equal((1, 0), (replaced.Updated, replaced.Failed));
        Assert.Equal(Path.Combine(second, "notes.md"), kb.Documents.Get("notes.md")!.Source);
    }
}
