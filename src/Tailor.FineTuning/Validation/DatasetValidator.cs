using Tailor.FineTuning.Datasets;
using Tailor.FineTuning.Splitting;
using Tailor.FineTuning.Statistics;

namespace Tailor.FineTuning.Validation;

/// <summary>
/// Validates a dataset as OpenAI's fine-tuning checks would: structure per line (from
/// <see cref="DatasetReader"/>), examples over the model's token limit, duplicate examples, and
/// too few examples for the API's minimum.
/// </summary>
public static class DatasetValidator
{
    /// <summary>The fewest examples OpenAI accepts for a fine-tuning job.</summary>
    public const int MinimumExamples = 10;

    public static ValidationReport Validate(DatasetFile dataset, ExampleTokenCounter counter, string model, int tokenLimit)
    {
        var errors = new List<DatasetIssue>(dataset.Errors);
        var warnings = new List<DatasetIssue>(dataset.Warnings);
        var counts = new List<int>(dataset.Examples.Count);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var example in dataset.Examples)
        {
            int tokens = counter.Count(example);
            counts.Add(tokens);
            if (tokens > tokenLimit)
                warnings.Add(new DatasetIssue(example.Line, IssueCodes.TooManyTokens,
                    $"{tokens} tokens is over the {tokenLimit}-token limit for {model}; the example will be truncated in training (shorten or split it)"));
            var key = ExampleKeys.Exact(example);
            if (seen.TryGetValue(key, out var first))
                warnings.Add(new DatasetIssue(example.Line, IssueCodes.Duplicate, $"the same example as line {first}"));
            else
                seen[key] = example.Line;
        }
        if (dataset.Examples.Count is > 0 and < MinimumExamples)
            warnings.Add(new DatasetIssue(0, IssueCodes.TooFewExamples, $"{dataset.Examples.Count} examples; OpenAI requires at least {MinimumExamples} (50 to 100 are recommended)"));
        errors.Sort((a, b) => a.Line.CompareTo(b.Line));
        warnings.Sort((a, b) => a.Line.CompareTo(b.Line));
        return new ValidationReport(dataset, model, tokenLimit, counts, errors, warnings);
    }
}
