using System.Text.Json;
using Tailor.Retrieval;
using Tailor.Testing;

namespace Tailor.Cli.Tests.Commands;

/// <summary>
/// One knowledge base folder, two processes: this test process holds the knowledge base open while
/// `tailor` child processes write to it.
/// </summary>
public sealed class TwoProcessTests : IDisposable
{
    private readonly TempDirectory _temp = new("tailor-two-processes");

    private string Kb => _temp.File("kb");

    private string Doc(string name, string text) => _temp.Write(Path.Combine("docs", name), $"# {name}\n\n{text}\n");

    private void Tailor(params string[] args)
    {
        var r = CliProcess.Run(args.Concat(["--kb", Kb]));
        Assert.True(r.ExitCode == 0, $"tailor {string.Join(' ', args)}: {r.StdErr}{r.StdOut}");
    }

    private static async Task<List<string>> Find(KnowledgeBase kb, string query) =>
        (await kb.SearchAsync(query, new SearchOptions { Mode = SearchMode.Lexical, K = 5 })).Hits.Select(h => h.DocumentId).ToList();

    [Fact]
    public async Task A_process_that_holds_the_knowledge_base_open_sees_another_processes_ingest_and_delete()
    {
        Tailor("ingest", Doc("first.md", "The aardvark report covers burrows."));
        using var kb = KnowledgeBase.OpenExisting(Kb);
        Assert.Single(await Find(kb, "aardvark"));

        Tailor("ingest", Doc("second.md", "Zeppelin maintenance schedules for the hangar."));
        Assert.Equal(["second.md"], await Find(kb, "zeppelin"));

        Tailor("docs", "delete", "second.md");
        Assert.Empty(await Find(kb, "zeppelin"));
    }

    [Fact]
    public async Task A_writer_after_another_processes_ingest_saves_a_snapshot_that_tailor_check_accepts()
    {
        Tailor("ingest", Doc("first.md", "The aardvark report covers burrows."));
        using (var kb = KnowledgeBase.OpenExisting(Kb))
        {
            Assert.Single(await Find(kb, "aardvark")); // loaded at the first generation
            Tailor("ingest", Doc("second.md", "Zeppelin maintenance schedules for the hangar."));
            await kb.IngestAsync([Doc("third.md", "Quokka habitats on the island.")]);
        }
        var check = CliProcess.Run(["check", "--kb", Kb, "--json"]);
        Assert.True(check.ExitCode == 0, check.StdErr + check.StdOut);
        Assert.True(JsonDocument.Parse(check.StdOut).RootElement.GetProperty("ok").GetBoolean(), check.StdOut);
        var search = CliProcess.Run(["search", "zeppelin", "--mode", "lexical", "--kb", Kb, "--json"]);
        Assert.Contains("second.md", search.StdOut);
    }

    public void Dispose() => _temp.Dispose();
}
