using System.Text.Json;
using Npgsql;
using Tailor.Postgres.Tests.Servers;
using Tailor.Testing;

namespace Tailor.Postgres.Tests.Ingestion;

/// <summary>
/// `tailor ingest` into a PostgreSQL knowledge base, killed with SIGKILL mid-batch: every document is either fully
/// present (all its chunks) or absent, every document it reported is kept, `tailor check` finds no damage, and the
/// next ingest finishes the job.
/// </summary>
public sealed class KillDuringIngestTests(NativePostgres postgres) : IClassFixture<NativePostgres>, IDisposable
{
    private const int Files = 600;
    private readonly TempDirectory _temp = new("tailor-pg-kill");

    private string Corpus => _temp.File("corpus");

    private string Kb => _temp.File("kb");

    private void MakeCorpus() => MarkedCorpus.Write(_temp, "corpus", Files, sections: 2);

    private List<string> IngestAndKill(string url, int killAfter)
    {
        var (reported, stderr) = CliProcess.IngestAndKill(["ingest", Corpus, "--kb", Kb, "--database", url], killAfter);
        Assert.True(reported.Count >= killAfter, $"the ingest ended before the kill: {stderr}");
        return reported;
    }

    private static List<(string Id, int Recorded, long Chunks)> Documents(string url)
    {
        using var source = NpgsqlDataSource.Create(PostgresConnection.Parse(url).ConnectionString);
        using var cmd = source.CreateCommand("SELECT d.id, d.chunk_count, (SELECT COUNT(*) FROM chunks c WHERE c.document_id = d.id) FROM documents d");
        using var r = cmd.ExecuteReader();
        var list = new List<(string, int, long)>();
        while (r.Read()) list.Add((r.GetString(0), r.GetInt32(1), r.GetInt64(2)));
        return list;
    }

    private void AssertCheckFindsNoDamage(bool complete)
    {
        var check = CliProcess.Run(["check", "--kb", Kb, "--json"]);
        var report = JsonDocument.Parse(check.StdOut).RootElement;
        if (complete || report.GetProperty("missing_embeddings").GetInt64() == 0)
        {
            Assert.True(check.ExitCode == 0, "tailor check failed:\n" + check.StdOut + check.StdErr);
            return;
        }
        // committed documents whose embeddings the killed run had not added yet: the only thing check may report
        Assert.True(check.ExitCode == 3, "tailor check after a kill:\n" + check.StdOut + check.StdErr);
        Assert.Contains("have no embedding", Assert.Single(report.GetProperty("problems").EnumerateArray()).GetString());
    }

    [Fact]
    public void Killing_an_ingest_into_postgres_mid_batch_leaves_nothing_half_written()
    {
        MakeCorpus();
        var url = postgres.CreateDatabase();
        var everReported = new HashSet<string>();
        foreach (var killAfter in new[] { 1, 150 })
        {
            everReported.UnionWith(IngestAndKill(url, killAfter));
            var documents = Documents(url);
            Assert.All(documents, d => Assert.True(d.Recorded == d.Chunks && d.Chunks > 0, $"{d.Id} records {d.Recorded} chunks and has {d.Chunks}"));
            var stored = documents.Select(d => d.Id).ToHashSet();
            var missing = everReported.Where(id => !stored.Contains(id)).ToList();
            Assert.True(missing.Count == 0, $"{missing.Count} reported documents are missing after a kill at {killAfter}, e.g. {string.Join(", ", missing.Take(5))}");
            Assert.True(stored.Count < Files, "the kill came after the whole corpus was written: nothing was tested");
            AssertCheckFindsNoDamage(complete: false);
        }

        var final = CliProcess.Run(["ingest", Corpus, "--kb", Kb, "--json"], timeout: TimeSpan.FromMinutes(10));
        Assert.True(final.ExitCode == 0, final.StdErr);
        Assert.Equal(Files, Documents(url).Count);
        AssertCheckFindsNoDamage(complete: true);
    }

    public void Dispose() => _temp.Dispose();
}
