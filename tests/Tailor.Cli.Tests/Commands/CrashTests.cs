using System.Diagnostics;
using System.Text.Json;
using Tailor.Testing;

namespace Tailor.Cli.Tests.Commands;

/// <summary>
/// Kills `tailor ingest` with SIGKILL at several points of a large ingest and checks that the
/// knowledge base opens, passes `tailor check`, and holds every document reported complete.
/// </summary>
public sealed class CrashTests : IDisposable
{
    private const int Files = 2500;
    private readonly TempDirectory _temp = new("tailor-crash");

    private string Corpus => _temp.File("corpus");

    private string Kb => _temp.File("kb");

    private void MakeCorpus() => MarkedCorpus.Write(_temp, "corpus", Files, sections: 1);

    /// <summary>Starts an ingest, kills it after <paramref name="killAfter"/> reported documents, returns the reported ids.</summary>
    private List<string> IngestAndKill(int killAfter) => CliProcess.IngestAndKill(["ingest", Corpus, "--kb", Kb], killAfter).Reported;

    private HashSet<string> StoredIds()
    {
        var r = CliProcess.Run(["docs", "list", "--kb", Kb, "--json"]);
        Assert.Equal(0, r.ExitCode);
        return JsonDocument.Parse(r.StdOut).RootElement.GetProperty("documents").EnumerateArray()
            .Select(d => d.GetProperty("document_id").GetString()!).ToHashSet();
    }

    /// <summary>
    /// No damage. After a kill (not after a finished ingest, <paramref name="complete"/>) the chunks of
    /// documents committed before it may still lack embeddings, which the embedding phase at the end of
    /// an ingest adds: check reports exactly that (exit 3) and nothing else, and the next ingest or
    /// `check --repair` embeds them.
    /// </summary>
    private void AssertHealthy(bool complete = false)
    {
        var check = CliProcess.Run(["check", "--kb", Kb, "--json"]);
        var report = JsonDocument.Parse(check.StdOut).RootElement;
        var problems = report.GetProperty("problems").EnumerateArray().Select(p => p.GetString()!).ToList();
        if (complete || report.GetProperty("missing_embeddings").GetInt64() == 0)
        {
            Assert.True(check.ExitCode == 0, "tailor check failed:\n" + check.StdOut + check.StdErr);
            Assert.True(report.GetProperty("ok").GetBoolean());
            return;
        }
        Assert.True(check.ExitCode == 3, "tailor check after a kill:\n" + check.StdOut + check.StdErr);
        var problem = Assert.Single(problems);
        Assert.Contains("have no embedding", problem);
    }

    [Fact]
    public void Killing_ingest_never_loses_reported_documents()
    {
        MakeCorpus();
        var everReported = new HashSet<string>();
        foreach (var killAfter in new[] { 1, 300, 900 })
        {
            var reported = IngestAndKill(killAfter);
            Assert.True(reported.Count >= Math.Min(killAfter, 1), $"the ingest reported {reported.Count} documents before the kill");
            everReported.UnionWith(reported);
            AssertHealthy();
            var stored = StoredIds();
            var missing = everReported.Where(id => !stored.Contains(id)).ToList();
            Assert.True(missing.Count == 0, $"{missing.Count} reported documents are missing after kill at {killAfter}, e.g. {string.Join(", ", missing.Take(5))}");

            // Reported documents are searchable, by a term unique to each.
            foreach (var id in reported.Take(3).Concat(reported.TakeLast(2)))
            {
                var n = id[(id.LastIndexOf("doc", StringComparison.Ordinal) + 3)..^3];
                var search = CliProcess.Run(["search", $"tok{n}x", "--kb", Kb, "--json", "-k", "3", "--mode", "lexical"]);
                var hits = JsonDocument.Parse(search.StdOut).RootElement.GetProperty("hits");
                Assert.True(hits.GetArrayLength() > 0, $"{id} is not searchable after the kill");
                Assert.Equal(id, hits[0].GetProperty("document_id").GetString());
            }
        }

        // Finishing the ingest completes the knowledge base.
        var final = CliProcess.Run(["ingest", Corpus, "--kb", Kb, "--json"], timeout: TimeSpan.FromMinutes(10));
        Assert.Equal(0, final.ExitCode);
        Assert.Equal(Files, StoredIds().Count);
        AssertHealthy(complete: true);
    }

    [Fact]
    public void Check_reports_damage_and_exits_non_zero()
    {
        _temp.Write("small/a.md", "# A\n\nalpha beta gamma\n");
        _temp.Write("small/b.md", "# B\n\ndelta epsilon\n");
        Assert.Equal(0, CliProcess.Run(["ingest", _temp.File("small"), "--kb", Kb]).ExitCode);
        Assert.Equal(0, CliProcess.Run(["check", "--kb", Kb]).ExitCode);

        // Tamper with a chunk's text behind Tailor's back.
        using (var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(Kb, "tailor.db")};Pooling=False"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "UPDATE chunks SET text = text || ' tampered' WHERE id = (SELECT MIN(id) FROM chunks)";
            Assert.Equal(1, cmd.ExecuteNonQuery());
        }
        var damaged = CliProcess.Run(["check", "--kb", Kb, "--json"]);
        Assert.Equal(3, damaged.ExitCode); // damaged
        var problems = JsonDocument.Parse(damaged.StdOut).RootElement.GetProperty("problems").EnumerateArray().Select(p => p.GetString()!).ToList();
        Assert.Contains(problems, p => p.Contains("checksum"));
    }

    [Fact]
    public void A_damaged_lexical_index_is_detected_and_repaired()
    {
        _temp.Write("small/a.md", "# A\n\nalpha beta gamma\n");
        Assert.Equal(0, CliProcess.Run(["ingest", _temp.File("small"), "--kb", Kb]).ExitCode);
        var snapshot = Directory.GetFiles(Kb, "lexical-*.idx").Single();
        var bytes = File.ReadAllBytes(snapshot);
        bytes[bytes.Length / 2] ^= 0x5A;
        File.WriteAllBytes(snapshot, bytes);

        var damaged = CliProcess.Run(["check", "--kb", Kb, "--json"]);
        Assert.Equal(3, damaged.ExitCode); // damaged
        var repaired = CliProcess.Run(["check", "--kb", Kb, "--json", "--repair"]);
        Assert.Equal(0, repaired.ExitCode);
        Assert.Equal(0, CliProcess.Run(["check", "--kb", Kb]).ExitCode);
        var search = CliProcess.Run(["search", "gamma", "--kb", Kb, "--json"]);
        Assert.Equal(1, JsonDocument.Parse(search.StdOut).RootElement.GetProperty("hits").GetArrayLength());
    }

    [Fact]
    public void A_damaged_embedder_model_is_reported_and_retrained_on_repair()
    {
        for (int i = 0; i < 20; i++) _temp.Write($"many/d{i}.md", $"# Doc {i}\n\nriver stone {i} harbor lantern {(i % 3 == 0 ? "copper" : "meadow")}\n");
        Assert.Equal(0, CliProcess.Run(["ingest", _temp.File("many"), "--kb", Kb]).ExitCode);
        var healthy = JsonDocument.Parse(CliProcess.Run(["check", "--kb", Kb, "--json"]).StdOut).RootElement;
        Assert.Equal(healthy.GetProperty("chunks").GetInt64(), healthy.GetProperty("embedded_chunks").GetInt64());

        using (var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(Kb, "tailor.db")};Pooling=False"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "UPDATE models SET data = CAST(substr(data, 1, length(data) / 2) || zeroblob(16) || substr(data, length(data) / 2 + 17) AS BLOB)";
            Assert.Equal(1, cmd.ExecuteNonQuery());
        }
        Assert.Equal(3, CliProcess.Run(["check", "--kb", Kb]).ExitCode); // damaged
        Assert.Equal(0, CliProcess.Run(["check", "--kb", Kb, "--repair"]).ExitCode);
        var repaired = JsonDocument.Parse(CliProcess.Run(["check", "--kb", Kb, "--json"]).StdOut).RootElement;
        Assert.True(repaired.GetProperty("ok").GetBoolean());
        Assert.Equal(repaired.GetProperty("chunks").GetInt64(), repaired.GetProperty("embedded_chunks").GetInt64());
    }

    public void Dispose() => _temp.Dispose();
}
