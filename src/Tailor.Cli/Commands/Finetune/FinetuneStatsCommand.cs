using System.CommandLine;
using System.Globalization;
using Tailor.FineTuning.Statistics;

namespace Tailor.Cli.Commands.Finetune;

/// <summary><c>tailor finetune stats FILE</c>: examples, messages per example, token distribution, examples over the limit, trained share.</summary>
internal static class FinetuneStatsCommand
{
    public static Command Create()
    {
        var options = new DatasetOptions();
        var json = CliOptions.Json();
        var command = new Command("stats", "Describe a fine-tuning dataset: examples, messages per example, tokens per example (min, median, p90, max), examples over the token limit, and the share of tokens trained on (assistant messages).");
        options.AddTo(command);
        command.Add(json);
        command.SetAction(parse =>
        {
            var dataset = options.Read(parse);
            var stats = DatasetStatistics.Compute(dataset, options.Counter(parse), options.ModelName(parse), options.Limit(parse));
            if (parse.GetValue(json))
            {
                CliJson.Write(new StatsJson(stats.Examples, dataset.Errors.Count, stats.Format, stats.Model, stats.Encoding, stats.TokenLimit,
                    stats.MessagesPerExample, stats.TokensPerExample, stats.TrainedTokensPerExample, stats.ExamplesOverLimit,
                    stats.ExamplesWithoutSystem, stats.TotalTokens, stats.TrainedTokens, Math.Round(stats.TrainedShare, 4)));
                return 0;
            }
            static string N(double v) => v.ToString("#,0.#", CultureInfo.InvariantCulture);
            static string D(Distribution d) => $"min {N(d.Min)}, median {N(d.Median)}, p90 {N(d.P90)}, max {N(d.Max)}, mean {N(d.Mean)}";
            Console.Out.WriteLine($"{dataset.Path} ({stats.Format}, {stats.Encoding} tokens for {stats.Model})");
            Console.Out.WriteLine($"examples:              {N(stats.Examples)}{(dataset.Errors.Count > 0 ? $" ({dataset.Errors.Count} invalid line(s) skipped; run validate)" : "")}");
            Console.Out.WriteLine($"messages per example:  {D(stats.MessagesPerExample)}");
            Console.Out.WriteLine($"tokens per example:    {D(stats.TokensPerExample)}");
            Console.Out.WriteLine($"trained tokens/example: {D(stats.TrainedTokensPerExample)}");
            Console.Out.WriteLine($"over the limit ({N(stats.TokenLimit)}): {N(stats.ExamplesOverLimit)}");
            Console.Out.WriteLine($"without a system message: {N(stats.ExamplesWithoutSystem)}");
            Console.Out.WriteLine($"tokens: {N(stats.TotalTokens)} in all, {N(stats.TrainedTokens)} trained ({stats.TrainedShare.ToString("P1", CultureInfo.InvariantCulture)})");
            return 0;
        });
        return command;
    }

    private sealed record StatsJson(int Examples, int InvalidLines, string Format, string Model, string Encoding, int TokenLimit,
        Distribution MessagesPerExample, Distribution TokensPerExample, Distribution TrainedTokensPerExample, int ExamplesOverLimit,
        int ExamplesWithoutSystem, long TotalTokens, long TrainedTokens, double TrainedShare);
}
