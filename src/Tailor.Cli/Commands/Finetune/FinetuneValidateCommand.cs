using System.CommandLine;
using System.Globalization;
using Tailor.FineTuning.Datasets;
using Tailor.FineTuning.Validation;

namespace Tailor.Cli.Commands.Finetune;

/// <summary><c>tailor finetune validate FILE</c>: line-numbered errors and warnings; exit 1 when there are errors.</summary>
internal static class FinetuneValidateCommand
{
    public static Command Create()
    {
        var options = new DatasetOptions();
        var json = CliOptions.Json();
        var command = new Command("validate", "Check a fine-tuning dataset the way OpenAI's format checks do: invalid JSON, wrong types, missing or unknown keys and roles, missing or empty content, no assistant message, examples over the model's token limit, duplicates. Exit code 1 when there are errors.");
        options.AddTo(command);
        command.Add(json);
        command.SetAction(parse =>
        {
            var dataset = options.Read(parse);
            var model = options.ModelName(parse);
            var report = DatasetValidator.Validate(dataset, options.Counter(parse), model, options.Limit(parse));
            if (parse.GetValue(json))
            {
                CliJson.Write(new ValidateJson(report.Examples, DatasetFormats.Name(dataset.Format), model, report.TokenLimit,
                    IssueJson.Of(report.Errors), IssueJson.Of(report.Warnings)));
            }
            else
            {
                var detected = dataset.FormatDetected ? "detected" : "given";
                Console.Out.WriteLine($"{dataset.Path}: {report.Examples} valid examples of {dataset.Lines} lines ({DatasetFormats.Name(dataset.Format)} format, {detected}); limit {report.TokenLimit.ToString("N0", CultureInfo.InvariantCulture)} tokens per example for {model}");
                foreach (var e in report.Errors) Console.Out.WriteLine(IssueJson.Describe(e, "error"));
                foreach (var w in report.Warnings) Console.Out.WriteLine(IssueJson.Describe(w, "warning"));
                Console.Out.WriteLine(report.IsValid
                    ? $"OK: no errors, {report.Warnings.Count} warning(s)."
                    : $"{report.Errors.Count} error(s), {report.Warnings.Count} warning(s): fix the errors before fine-tuning.");
            }
            return report.IsValid ? 0 : 1;
        });
        return command;
    }

    private sealed record ValidateJson(int Examples, string Format, string Model, int TokenLimit, IReadOnlyList<IssueJson> Errors, IReadOnlyList<IssueJson> Warnings);
}
