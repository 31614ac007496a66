using System.Text.Json;
using Tailor.Testing;
using Tailor.Testing.Classification;

namespace Tailor.Cli.Tests.Commands;

public sealed class TrainCommandTests
{
    [Fact]
    public void Trains_reports_json_with_exactly_the_documented_fields_and_saves_a_model_that_classify_reads()
    {
        using var dir = new TempDirectory();
        var train = dir.Write("train.tsv", SyntheticTextCorpus.ToTsv(SyntheticTextCorpus.Generate(2000, 2, seed: 1)));
        var testExamples = SyntheticTextCorpus.Generate(200, 2, seed: 2);
        var test = dir.Write("test.jsonl", SyntheticTextCorpus.ToJsonl(testExamples));
        string model = dir.File("model");

        var r = CliProcess.Run(["train", "classifier", "--train", train, "--test", test, "--out", model, "--buckets", "65536", "--json"]);
        Assert.True(r.ExitCode == 0, r.StdErr);
        var json = JsonDocument.Parse(r.StdOut).RootElement;
        Assert.Equal(["accuracy", "macro_f1", "train_size", "validation_size", "test_size", "per_class", "confusion", "best_epoch"],
            json.EnumerateObject().Select(p => p.Name));
        Assert.True(json.GetProperty("accuracy").GetDouble() >= 0.95, r.StdOut);
        Assert.Equal(2000, json.GetProperty("train_size").GetInt32() + json.GetProperty("validation_size").GetInt32());
        Assert.Equal(200, json.GetProperty("test_size").GetInt32());
        int supportSum = json.GetProperty("per_class").EnumerateObject().Sum(c => c.Value.GetProperty("support").GetInt32());
        Assert.Equal(200, supportSum);
        int confusionSum = json.GetProperty("confusion").EnumerateObject().Sum(row => row.Value.EnumerateObject().Sum(c => c.Value.GetInt32()));
        Assert.Equal(200, confusionSum);
        Assert.True(File.Exists(Path.Combine(model, "classifier.json")) && File.Exists(Path.Combine(model, "classifier.bin")));

        var lines = dir.Write("texts.txt", string.Join('\n', testExamples.Take(5).Select(e => e.Text)) + "\n");
        var c = CliProcess.Run(["classify", "--model", model, lines, "--json"]);
        Assert.True(c.ExitCode == 0, c.StdErr);
        var outputs = c.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(5, outputs.Count);
        for (int i = 0; i < 5; i++)
        {
            Assert.Equal(testExamples[i].Label, outputs[i].GetProperty("label").GetString());
            var probabilities = outputs[i].GetProperty("probabilities").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble());
            Assert.Equal(["class0", "class1"], probabilities.Keys.Order());
            Assert.Equal(1.0, probabilities.Values.Sum(), 4);
        }

        var single = CliProcess.Run(["classify", "--model", model, testExamples[0].Text]);
        Assert.True(single.ExitCode == 0, single.StdErr);
        Assert.StartsWith(testExamples[0].Label + "\t", single.StdOut);
    }

    [Fact]
    public void The_terminal_report_states_the_set_sizes_and_progress_goes_to_standard_error()
    {
        using var dir = new TempDirectory();
        var train = dir.Write("train.tsv", SyntheticTextCorpus.ToTsv(SyntheticTextCorpus.Generate(600, 3, seed: 3)));
        var validation = dir.Write("validation.tsv", SyntheticTextCorpus.ToTsv(SyntheticTextCorpus.Generate(150, 3, seed: 4)));
        var test = dir.Write("test.tsv", SyntheticTextCorpus.ToTsv(SyntheticTextCorpus.Generate(90, 3, seed: 5)));
        var r = CliProcess.Run(["train", "classifier", "--train", train, "--validation", validation, "--test", test, "--out", dir.File("m"), "--buckets", "65536", "--architecture", "mlp", "--hidden", "8"]);
        Assert.True(r.ExitCode == 0, r.StdErr);
        Assert.Contains("train 600, validation 150, test 90 examples", r.StdOut);
        Assert.Contains("macro-F1", r.StdOut);
        Assert.Contains("confusion matrix", r.StdOut);
        Assert.Contains("epoch   1/", r.StdErr);
        Assert.Contains("validation loss", r.StdErr);
    }

    [Fact]
    public void A_bad_line_is_reported_with_its_file_and_line_and_exit_code_2()
    {
        using var dir = new TempDirectory();
        var train = dir.Write("train.jsonl", "{\"text\": \"a b\", \"label\": \"x\"}\n{\"text\": \"c d\", \"label\": \"y\"}\n{\"text\": \"e f\"}\n");
        var r = CliProcess.Run(["train", "classifier", "--train", train, "--test", train, "--out", dir.File("m")]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("train.jsonl:3: missing \"label\"", r.StdErr);
        Assert.False(Directory.Exists(dir.File("m")));
    }
}
