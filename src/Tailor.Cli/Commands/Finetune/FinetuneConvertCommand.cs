using System.CommandLine;
using System.Text.Json.Nodes;
using Tailor.FineTuning.Conversion;
using Tailor.FineTuning.Datasets;

namespace Tailor.Cli.Commands.Finetune;

/// <summary><c>tailor finetune convert FILE --to FORMAT [--out FILE]</c>: rewrites a dataset in another format.</summary>
internal static class FinetuneConvertCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "JSONL dataset to convert." };
        var format = new Option<string?>("--format") { Description = $"Read the file as this format instead of detecting it: {DatasetFormats.Names}." };
        var to = new Option<string>("--to") { Description = "Target format: chat, completion, alpaca or sharegpt.", Required = true };
        var output = new Option<string?>("--out") { Description = "File to write (default: standard output)." };
        var json = CliOptions.Json();
        var command = new Command("convert", "Convert a dataset between OpenAI chat, prompt/completion, Alpaca and ShareGPT. Examples the target cannot hold (e.g. multi-turn chats as prompt/completion) are listed by line and left out; exit code 1 when any were.")
        {
            file, format, to, output, json,
        };
        command.SetAction(parse =>
        {
            var dataset = DatasetReader.Read(parse.GetValue(file)!, parse.GetValue(format) is { } f ? DatasetFormats.Parse(f) : null);
            dataset.ThrowIfErrors("converted");
            var target = DatasetFormats.Parse(parse.GetValue(to)!);
            var converted = new List<JsonObject>(dataset.Examples.Count);
            var skipped = new List<IssueJson>();
            foreach (var example in dataset.Examples)
            {
                if (DatasetConverter.TryConvert(example, target, out var reason) is { } obj) converted.Add(obj);
                else skipped.Add(new IssueJson(example.Line, "not_convertible", reason!));
            }
            var outPath = parse.GetValue(output);
            bool asJson = parse.GetValue(json);
            if (outPath != null) JsonlWriter.Write(outPath, converted);
            else if (asJson) throw new TailorException("--json reports on the conversion, so the converted data needs a file: add --out FILE.");
            else foreach (var obj in converted) Console.Out.WriteLine(obj.ToJsonString());

            if (asJson)
                CliJson.Write(new ConvertJson(DatasetFormats.Name(dataset.Format), DatasetFormats.Name(target), converted.Count, Path.GetFullPath(outPath!), skipped));
            else
            {
                foreach (var s in skipped.Take(10)) Console.Error.WriteLine($"line {s.Line}: skipped: {s.Message}");
                if (skipped.Count > 10) Console.Error.WriteLine($"... and {skipped.Count - 10} more skipped (see --json for all)");
                Console.Error.WriteLine($"{converted.Count} example(s) converted from {DatasetFormats.Name(dataset.Format)} to {DatasetFormats.Name(target)}{(outPath != null ? " → " + Path.GetFullPath(outPath) : "")}; {skipped.Count} skipped");
            }
            return skipped.Count == 0 ? 0 : 1;
        });
        return command;
    }

    private sealed record ConvertJson(string From, string To, int Converted, string Path, IReadOnlyList<IssueJson> Skipped);
}
