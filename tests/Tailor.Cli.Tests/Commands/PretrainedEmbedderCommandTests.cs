using System.Text.Json;
using Tailor.Testing;

namespace Tailor.Cli.Tests.Commands;

/// <summary>Knowledge bases embedded by a bundled pretrained model (ONNX), through the CLI in separate processes.</summary>
public sealed class PretrainedEmbedderCommandTests : IDisposable
{
    private readonly TempDirectory _temp = new("tailor-onnx-cli");

    private string Kb => _temp.File("kb");

    private static string Handbook => Path.Combine(RepoPaths.Samples, "quickstart", "handbook");

    private Dictionary<string, string?> Env(string? embedder = "builtin") => new()
    {
        ["XDG_CONFIG_HOME"] = _temp.File("config"), // no user config file, no server
        ["TAILOR_EMBEDDER"] = embedder,
    };

    private static JsonElement Json(CliProcess.Result r)
    {
        Assert.True(r.ExitCode == 0, r.StdErr);
        return JsonDocument.Parse(r.StdOut).RootElement.Clone();
    }

    [Fact]
    public void A_knowledge_base_built_with_a_pretrained_model_reopens_and_searches_in_a_new_process()
    {
        var ingest = Json(CliProcess.Run(["ingest", Handbook, "--kb", Kb, "--embedder", "minilm", "--json"], env: Env()));
        Assert.True(ingest.GetProperty("chunks").GetInt32() > 0);
        var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(Kb, "tailor.json"))).RootElement;
        Assert.Equal("onnx", manifest.GetProperty("embedder").GetProperty("kind").GetString());
        Assert.Equal("minilm", manifest.GetProperty("embedder").GetProperty("model").GetString());

        // a new process, no --embedder: the manifest's model is loaded and searched by meaning
        var search = Json(CliProcess.Run(["search", "how much time off do I get each year", "--mode", "vector", "--kb", Kb, "--json"], env: Env()));
        var hits = search.GetProperty("hits").EnumerateArray().ToList();
        Assert.NotEmpty(hits);
        Assert.Equal("vacation.md", hits[0].GetProperty("document_id").GetString());

        var check = Json(CliProcess.Run(["check", "--kb", Kb, "--json"], env: Env()));
        Assert.True(check.GetProperty("ok").GetBoolean());
        Assert.Equal(check.GetProperty("chunks").GetInt64(), check.GetProperty("embedded_chunks").GetInt64());

        // another embedder for an existing knowledge base: refused with the command that switches
        var other = CliProcess.Run(["ingest", Handbook, "--kb", Kb, "--embedder", "builtin"], env: Env());
        Assert.NotEqual(0, other.ExitCode);
        Assert.Contains("tailor reembed --embedder builtin", other.StdErr);

        var reembed = Json(CliProcess.Run(["reembed", "--embedder", "arctic-xs", "--kb", Kb, "--json"], env: Env()));
        Assert.Equal("minilm", reembed.GetProperty("previous").GetProperty("model").GetString());
        Assert.Equal("arctic-xs", reembed.GetProperty("embedder").GetProperty("model").GetString());
        var after = Json(CliProcess.Run(["search", "how much time off do I get each year", "--mode", "vector", "--kb", Kb, "--json"], env: Env()));
        Assert.NotEmpty(after.GetProperty("hits").EnumerateArray());
    }

    [Fact]
    public void A_new_knowledge_base_gets_the_default_pretrained_model()
    {
        Json(CliProcess.Run(["ingest", Handbook, "--kb", Kb, "--json"], env: Env(embedder: null)));
        var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(Kb, "tailor.json"))).RootElement;
        Assert.Equal("onnx", manifest.GetProperty("embedder").GetProperty("kind").GetString());
        Assert.Equal("minilm", manifest.GetProperty("embedder").GetProperty("model").GetString());
        Assert.Equal(0, manifest.GetProperty("retrieval").GetProperty("fusion").GetProperty("feedbackDocuments").GetInt32());
    }

    [Fact]
    public void A_corrupt_model_file_in_an_export_folder_is_an_error_naming_it()
    {
        var folder = _temp.File("model");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "vocab.txt"), "[PAD]\n[UNK]\n[CLS]\n[SEP]\nhello\n");
        File.WriteAllBytes(Path.Combine(folder, "model.onnx"), [0x08, 0xFF, 0xFF, 0x01, 0x42, 0x13, 0x37]);
        var r = CliProcess.Run(["ingest", Handbook, "--kb", Kb, "--embedder", folder], env: Env());
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains(Path.Combine(folder, "model.onnx"), r.StdErr);
        Assert.DoesNotContain("Unhandled exception", r.StdErr);

        var missing = CliProcess.Run(["ingest", Handbook, "--kb", _temp.File("kb2"), "--embedder", _temp.File("no-such-model")], env: Env());
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains(_temp.File("no-such-model"), missing.StdErr);
    }

    public void Dispose() => _temp.Dispose();
}
