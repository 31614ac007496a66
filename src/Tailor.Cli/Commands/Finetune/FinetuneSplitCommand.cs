using System.CommandLine;
using Tailor.FineTuning.Datasets;
using Tailor.FineTuning.Splitting;

namespace Tailor.Cli.Commands.Finetune;

/// <summary><c>tailor finetune split FILE --out DIR</c>: deduplicated, seeded, optionally stratified train/validation/test files with a leakage report.</summary>
internal static class FinetuneSplitCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "JSONL dataset to split (any supported format; the parts keep it)." };
        var format = new Option<string?>("--format") { Description = $"Read the file as this format instead of detecting it: {DatasetFormats.Names}." };
        var output = new Option<string>("--out") { Description = "Folder to write train.jsonl, validation.jsonl and test.jsonl into.", Required = true };
        var validation = new Option<double>("--validation") { Description = "Share of examples for validation (default 0.1).", DefaultValueFactory = _ => 0.1 };
        var test = new Option<double>("--test") { Description = "Share of examples for test (default 0.1).", DefaultValueFactory = _ => 0.1 };
        var seed = new Option<int>("--seed") { Description = "Seed of the shuffle; the same file and seed always give the same split (default 42).", DefaultValueFactory = _ => 42 };
        var stratify = new Option<string?>("--stratify") { Description = "Keep each class's share in every part: 'assistant' (the last assistant message) or a key of the example object (dotted for nested keys, e.g. metadata.label)." };
        var json = CliOptions.Json();
        var command = new Command("split", "Split a dataset into train, validation and test files: exact and normalized-text duplicates are removed first, the shuffle is seeded, classes can be stratified, and no example lands in two parts (leakage report).")
        {
            file, format, output, validation, test, seed, stratify, json,
        };
        command.SetAction(parse =>
        {
            var dataset = DatasetReader.Read(parse.GetValue(file)!, parse.GetValue(format) is { } f ? DatasetFormats.Parse(f) : null);
            dataset.ThrowIfErrors("split");
            var options = new SplitOptions
            {
                Validation = parse.GetValue(validation), Test = parse.GetValue(test), Seed = parse.GetValue(seed), StratifyBy = parse.GetValue(stratify),
            };
            var result = DatasetSplitter.Split(dataset.Examples, options);
            var dir = Path.GetFullPath(parse.GetValue(output)!);
            var written = new List<PartJson>();
            void Write(string name, IReadOnlyList<TrainingExample> part, bool wanted)
            {
                if (!wanted) return;
                var path = Path.Combine(dir, name);
                JsonlWriter.Write(path, part.Select(e => e.Source));
                written.Add(new PartJson(name[..name.IndexOf('.')], path, part.Count));
            }
            Write("train.jsonl", result.Train, true);
            Write("validation.jsonl", result.Validation, options.Validation > 0);
            Write("test.jsonl", result.Test, options.Test > 0);
            if (parse.GetValue(json))
            {
                CliJson.Write(new SplitJson(result.InputExamples, result.ExactDuplicatesRemoved, result.NormalizedDuplicatesRemoved, options.Seed,
                    options.StratifyBy, result.Strata?.ToDictionary(s => s.Key, s => new StratumJson(s.Value[0], s.Value[1], s.Value[2])), result.Leaks, written));
                return 0;
            }
            Console.Out.WriteLine($"{dataset.Path}: {result.InputExamples} examples; removed {result.ExactDuplicatesRemoved} exact and {result.NormalizedDuplicatesRemoved} normalized-text duplicate(s); seed {options.Seed}");
            if (result.Strata is { } strata)
            {
                Console.Out.WriteLine($"stratified by {options.StratifyBy}: {strata.Count} class(es)");
                foreach (var (key, counts) in strata.Take(20))
                    Console.Out.WriteLine($"  {(key.Length == 0 ? "(none)" : key.Length > 40 ? key[..40] + "…" : key)}: train {counts[0]}, validation {counts[1]}, test {counts[2]}");
                if (strata.Count > 20) Console.Out.WriteLine($"  ... {strata.Count - 20} more");
            }
            foreach (var part in written) Console.Out.WriteLine($"{part.Name}: {part.Examples} examples → {part.Path}");
            Console.Out.WriteLine(result.Leaks == 0 ? "leakage: none (no normalized example is in two parts)" : $"leakage: {result.Leaks} example(s) in more than one part");
            return result.Leaks == 0 ? 0 : 1;
        });
        return command;
    }

    private sealed record PartJson(string Name, string Path, int Examples);

    private sealed record StratumJson(int Train, int Validation, int Test);

    private sealed record SplitJson(int Examples, int ExactDuplicatesRemoved, int NormalizedDuplicatesRemoved, int Seed, string? StratifyBy,
        Dictionary<string, StratumJson>? Strata, int Leaks, IReadOnlyList<PartJson> Files);
}
