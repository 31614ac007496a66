using Tailor.Retrieval;
using Tailor.Testing;

namespace Tailor.Tests.Indexes;

/// <summary>
/// Two knowledge base instances on one folder: each has its own store connections, writer lease and
/// indexes, as two processes do (the child-process version is in Tailor.Cli.Tests).
/// </summary>
public sealed class SnapshotManagerTests : IDisposable
{
    private readonly TempDirectory _temp = new("tailor-snapshots");

    private string Doc(string name, string text) => _temp.Write(Path.Combine("docs", name), $"# {name}\n\n{text}\n");

    private static async Task<List<string>> Find(KnowledgeBase kb, string query) =>
        (await kb.SearchAsync(query, new SearchOptions { Mode = SearchMode.Lexical, K = 5 })).Hits.Select(h => h.DocumentId).ToList();

    [Fact]
    public async Task A_search_sees_what_another_instance_ingested_and_deleted_after_it_loaded()
    {
        var kbPath = _temp.File("kb");
        using var writer = KnowledgeBase.Open(kbPath);
        await writer.IngestAsync([Doc("first.md", "The aardvark report covers burrows.")]);
        using var reader = KnowledgeBase.OpenExisting(kbPath);
        Assert.Single(await Find(reader, "aardvark")); // the reader's snapshot is loaded now

        await writer.IngestAsync([Doc("second.md", "Zeppelin maintenance schedules for the hangar.")]);
        Assert.Equal(["second.md"], await Find(reader, "zeppelin"));

        Assert.Equal(1, await writer.DeleteAsync(["second.md"]));
        Assert.Empty(await Find(reader, "zeppelin"));
    }

    [Fact]
    public async Task A_writer_starts_from_another_instances_writes_so_the_snapshot_it_saves_holds_them()
    {
        var kbPath = _temp.File("kb");
        using (var setup = KnowledgeBase.Open(kbPath)) await setup.IngestAsync([Doc("first.md", "The aardvark report covers burrows.")]);
        using var a = KnowledgeBase.OpenExisting(kbPath);
        using var b = KnowledgeBase.OpenExisting(kbPath);
        Assert.Single(await Find(a, "aardvark")); // a's snapshot: generation 1
        await b.IngestAsync([Doc("second.md", "Zeppelin maintenance schedules for the hangar.")]);
        await a.IngestAsync([Doc("third.md", "Quokka habitats on the island.")]); // a writes after b: its index must hold b's document

        using var fresh = KnowledgeBase.OpenExisting(kbPath); // loads the snapshot file a saved
        Assert.Equal(["second.md"], await Find(fresh, "zeppelin"));
        Assert.Equal(["third.md"], await Find(fresh, "quokka"));
        var report = fresh.Check();
        Assert.True(report.Ok, string.Join("; ", report.Problems));
    }

    [Fact]
    public void A_turn_appends_only_to_the_history_it_read()
    {
        var kbPath = _temp.File("kb");
        using var a = KnowledgeBase.Open(kbPath);
        using var b = KnowledgeBase.OpenExisting(kbPath);
        a.Sessions.Append("s", Tailor.Sessions.SessionMessage.User("one"));
        var (_, versionA) = a.Sessions.Read("s");
        var (_, versionB) = b.Sessions.Read("s");
        b.Sessions.Append("s", versionB, Tailor.Sessions.SessionMessage.User("from b"), Tailor.Sessions.SessionMessage.Assistant("answer b"));
        var refused = Assert.Throws<TailorException>(() => a.Sessions.Append("s", versionA, Tailor.Sessions.SessionMessage.User("from a")));
        Assert.Contains("changed by another process", refused.Message);
        Assert.Equal(["one", "from b", "answer b"], a.Sessions.Messages("s").Select(m => m.Content));
    }

    public void Dispose() => _temp.Dispose();
}
