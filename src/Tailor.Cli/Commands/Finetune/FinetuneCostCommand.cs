using System.CommandLine;
using System.Globalization;
using Tailor.FineTuning.Costs;
using Tailor.Tokenization;

namespace Tailor.Cli.Commands.Finetune;

/// <summary><c>tailor finetune cost FILE --model M [--epochs N]</c>: billed tokens and price of a job.</summary>
internal static class FinetuneCostCommand
{
    public static Command Create()
    {
        var options = new DatasetOptions(modelRequired: true);
        var epochs = new Option<int?>("--epochs") { Description = "Epochs to train; default: OpenAI's rule (3, adjusted so examples × epochs stays within 100..25,000, clamped to 1..25)." };
        var prices = new Option<string?>("--prices") { Description = "JSON file of model prices overriding the built-in table ({\"model\": {\"input\": 2.5, \"output\": 10, \"training\": 25}}, USD per 1M tokens)." };
        var json = CliOptions.Json();
        var command = new Command("cost", "Estimate what fine-tuning on a dataset costs: billed tokens = epochs × Σ min(limit, tokens per example), priced per million training tokens.");
        options.AddTo(command);
        command.Add(epochs);
        command.Add(prices);
        command.Add(json);
        command.SetAction(parse =>
        {
            var dataset = options.Read(parse);
            dataset.ThrowIfErrors("priced");
            var counter = options.Counter(parse);
            var model = options.ModelName(parse);
            var tokens = dataset.Examples.Select(counter.Count).ToList();
            var estimate = CostEstimator.Estimate(tokens, model, options.Limit(parse), parse.GetValue(epochs), PriceTable.Resolve(parse.GetValue(prices)));
            if (parse.GetValue(json))
            {
                CliJson.Write(estimate);
                return 0;
            }
            var inv = CultureInfo.InvariantCulture;
            Console.Out.WriteLine($"{dataset.Path}: {estimate.Examples.ToString("N0", inv)} examples, {estimate.TokensInDataset.ToString("N0", inv)} tokens ({counter.Encoding})");
            Console.Out.WriteLine($"epochs: {estimate.Epochs}{(estimate.EpochsChosenByRule ? " (OpenAI's default rule)" : " (given)")}");
            Console.Out.WriteLine($"billed tokens: {estimate.Epochs} × {estimate.BillableTokensPerEpoch.ToString("N0", inv)} = {estimate.BilledTokens.ToString("N0", inv)} (each example capped at {estimate.TokenLimit.ToString("N0", inv)})");
            Console.Out.WriteLine(estimate.CostUsd is { } cost
                ? $"estimated cost for {model}: ${cost.ToString("0.00##", inv)} at ${estimate.TrainingPricePerMillion!.Value.ToString("0.##", inv)} per 1M training tokens"
                : $"no training price is known for {model}; add \"training\" to a price file (--prices FILE or {PriceTable.OverridesVariable}).");
            return 0;
        });
        return command;
    }
}
