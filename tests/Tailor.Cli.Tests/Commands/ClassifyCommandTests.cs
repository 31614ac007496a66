using System.Text.Json;
using Tailor.Testing;
using Tailor.Testing.Classification;

namespace Tailor.Cli.Tests.Commands;

public sealed class ClassifyCommandTests
{
    [Fact]
    public void Classifies_standard_input_and_jsonl_files_line_by_line()
    {
        using var dir = new TempDirectory();
        var examples = SyntheticTextCorpus.Generate(1200, 2, seed: 21);
        var train = dir.Write("train.tsv", SyntheticTextCorpus.ToTsv(examples.Take(1000)));
        var test = dir.Write("test.tsv", SyntheticTextCorpus.ToTsv(examples.Skip(1000)));
        string model = dir.File("model");
        var t = CliProcess.Run(["train", "classifier", "--train", train, "--test", test, "--out", model, "--buckets", "65536", "--json"]);
        Assert.True(t.ExitCode == 0, t.StdErr);

        var probe = examples.Skip(1000).Take(4).ToList();
        var stdin = CliProcess.Run(["classify", "--model", model, "-"], stdin: string.Join('\n', probe.Select(e => e.Text)) + "\n");
        Assert.True(stdin.ExitCode == 0, stdin.StdErr);
        Assert.Equal(probe.Select(e => e.Label), stdin.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('\t')[0]));

        var jsonl = dir.Write("probe.jsonl", SyntheticTextCorpus.ToJsonl(probe));
        var fromJsonl = CliProcess.Run(["classify", "--model", model, jsonl, "--json"]);
        Assert.True(fromJsonl.ExitCode == 0, fromJsonl.StdErr);
        var labels = fromJsonl.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("label").GetString());
        Assert.Equal(probe.Select(e => e.Label), labels);

        var bad = dir.Write("bad.jsonl", "{\"text\": \"ok\"}\n{\"txt\": \"no\"}\n");
        var error = CliProcess.Run(["classify", "--model", model, bad]);
        Assert.Equal(2, error.ExitCode);
        Assert.Contains("bad.jsonl:2", error.StdErr);
    }

    [Fact]
    public async Task Server_embeddings_train_and_classify_through_the_configured_model()
    {
        await using var server = await Tailor.Testing.OpenAi.OpenAiTestServer.StartAsync();
        using var dir = new TempDirectory();
        var examples = SyntheticTextCorpus.Generate(500, 2, seed: 23);
        var train = dir.Write("train.tsv", SyntheticTextCorpus.ToTsv(examples.Take(400)));
        var test = dir.Write("test.tsv", SyntheticTextCorpus.ToTsv(examples.Skip(400)));
        string model = dir.File("model");
        var noServer = new Dictionary<string, string?> { ["OPENAI_BASE_URL"] = null, ["OPENAI_API_KEY"] = null, ["TAILOR_EMBEDDING_MODEL"] = null, ["TAILOR_CONFIG"] = null, ["XDG_CONFIG_HOME"] = dir.Path };
        var refused = CliProcess.Run(["train", "classifier", "--train", train, "--test", test, "--out", model, "--buckets", "65536", "--embeddings", "server"], env: noServer);
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("TAILOR_EMBEDDING_MODEL", refused.StdErr);
        Assert.False(Directory.Exists(model));

        var configured = new Dictionary<string, string?>(noServer) { ["OPENAI_BASE_URL"] = server.BaseUrl.ToString(), ["OPENAI_API_KEY"] = "k", ["TAILOR_EMBEDDING_MODEL"] = "test-embed" };
        var trained = CliProcess.Run(["train", "classifier", "--train", train, "--test", test, "--out", model, "--buckets", "65536", "--embeddings", "server", "--json"], env: configured);
        Assert.True(trained.ExitCode == 0, trained.StdErr);
        Assert.True(server.RequestsTo("embeddings").Count > 0);

        var probe = examples.Skip(400).First();
        var classified = CliProcess.Run(["classify", "--model", model, probe.Text, "--json"], env: configured);
        Assert.True(classified.ExitCode == 0, classified.StdErr);
        Assert.Equal(probe.Label, JsonDocument.Parse(classified.StdOut).RootElement.GetProperty("label").GetString());

        var unconfigured = CliProcess.Run(["classify", "--model", model, probe.Text], env: noServer);
        Assert.Equal(2, unconfigured.ExitCode);
        Assert.Contains("\"test-embed\"", unconfigured.StdErr);
    }

    [Fact]
    public void Classify_without_a_model_is_a_clear_error()
    {
        using var dir = new TempDirectory();
        var r = CliProcess.Run(["classify", "--model", dir.File("missing"), "some text"]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("not a classifier model", r.StdErr);
    }
}
