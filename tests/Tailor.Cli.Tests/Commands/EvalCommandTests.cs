using System.Text.Json;
using Tailor.Testing;

namespace Tailor.Cli.Tests.Commands;

public sealed class EvalCommandTests : IDisposable
{
    private readonly TempDirectory _temp = new("tailor-eval-cli");

    [Fact]
    public void Eval_reports_the_contract_keys_for_every_mode()
    {
        var topics = new[] { "volcano lava eruption magma", "violin orchestra concerto music", "glacier ice melting snow", "bread flour yeast baking" };
        var corpus = new List<string>();
        for (int i = 0; i < 40; i++)
            corpus.Add(JsonSerializer.Serialize(new Dictionary<string, string> { ["_id"] = $"d{i}", ["title"] = $"Doc {i}", ["text"] = $"{topics[i % 4]} note {i} about {topics[(i + 1) % 4].Split(' ')[0]}" }));
        _temp.Write("ds/corpus.jsonl", string.Join('\n', corpus) + "\n");
        _temp.Write("ds/queries.jsonl", "{\"_id\":\"q1\",\"text\":\"lava eruption\"}\n{\"_id\":\"q2\",\"text\":\"yeast baking\"}\n");
        _temp.Write("ds/qrels/test.tsv", "query-id\tcorpus-id\tscore\nq1\td0\t1\nq1\td4\t2\nq2\td3\t1\n");

        var r = CliProcess.Run(["eval", "--dataset", _temp.File("ds"), "--mode", "all", "--json"]);
        Assert.True(r.ExitCode == 0, r.StdOut + r.StdErr);
        var json = JsonDocument.Parse(r.StdOut).RootElement;
        Assert.Equal(40, json.GetProperty("documents").GetInt32());
        Assert.Equal(2, json.GetProperty("queries").GetInt32());
        var modes = json.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(["lexical", "vector", "hybrid"], modes.Select(m => m.GetProperty("mode").GetString()));
        foreach (var key in new[] { "ndcg@10", "recall@100", "mrr@10", "map", "p@10", "ingest_seconds", "query_ms_p50", "query_ms_p99" })
            Assert.True(modes[0].TryGetProperty(key, out _), $"missing {key}");
        var lexical = modes[0];
        Assert.InRange(lexical.GetProperty("ndcg@10").GetDouble(), 0.01, 1.0);
    }

    [Fact]
    public void Eval_names_the_malformed_file_and_line()
    {
        _temp.Write("bad/corpus.jsonl", "{\"_id\":\"d1\",\"text\":\"fine\"}\n{not json\n");
        _temp.Write("bad/queries.jsonl", "{\"_id\":\"q1\",\"text\":\"fine\"}\n");
        _temp.Write("bad/qrels/test.tsv", "query-id\tcorpus-id\tscore\nq1\td1\t1\n");
        var r = CliProcess.Run(["eval", "--dataset", _temp.File("bad"), "--json"]);
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("corpus.jsonl", r.StdErr);
        Assert.Contains("2", r.StdErr);
    }

    public void Dispose() => _temp.Dispose();
}
