using System.Text.Json;
using System.Text.Json.Nodes;
using Tailor.FineTuning.Datasets;

namespace Tailor.FineTuning.Splitting;

/// <summary>
/// Splits examples into train, validation and test: exact duplicates are dropped first, then
/// examples equal after text normalization (<see cref="ExampleKeys"/>), keeping the first of each;
/// the rest is shuffled with the seed (per stratum when stratifying) and cut by the shares, so the
/// same input and seed always give the same split and no example can land in two parts.
/// </summary>
public static class DatasetSplitter
{
    /// <summary>The stratification field meaning "the last assistant message".</summary>
    public const string AssistantField = "assistant";

    public static SplitResult Split(IReadOnlyList<TrainingExample> examples, SplitOptions options)
    {
        options.Validate();
        var exact = new HashSet<string>(StringComparer.Ordinal);
        var normalized = new HashSet<string>(StringComparer.Ordinal);
        var unique = new List<TrainingExample>(examples.Count);
        int exactDropped = 0, normalizedDropped = 0;
        foreach (var e in examples)
        {
            if (!exact.Add(ExampleKeys.Exact(e))) { exactDropped++; continue; }
            if (!normalized.Add(ExampleKeys.Normalized(e))) { normalizedDropped++; continue; }
            unique.Add(e);
        }

        var groups = new SortedDictionary<string, List<TrainingExample>>(StringComparer.Ordinal);
        foreach (var e in unique)
        {
            var key = options.StratifyBy is null ? "" : StratumOf(e, options.StratifyBy);
            if (!groups.TryGetValue(key, out var list)) groups[key] = list = [];
            list.Add(e);
        }

        var random = new Random(options.Seed);
        var train = new List<TrainingExample>();
        var validation = new List<TrainingExample>();
        var test = new List<TrainingExample>();
        var strata = options.StratifyBy is null ? null : new SortedDictionary<string, int[]>(StringComparer.Ordinal);
        foreach (var (key, list) in groups)
        {
            var shuffled = list.ToArray();
            random.Shuffle(shuffled);
            int n = shuffled.Length;
            int nTest = (int)Math.Round(n * options.Test, MidpointRounding.AwayFromZero);
            int nValidation = (int)Math.Round(n * options.Validation, MidpointRounding.AwayFromZero);
            if (nTest + nValidation > n) nValidation = n - nTest;
            test.AddRange(shuffled.Take(nTest));
            validation.AddRange(shuffled.Skip(nTest).Take(nValidation));
            train.AddRange(shuffled.Skip(nTest + nValidation));
            strata?.Add(key, [n - nTest - nValidation, nValidation, nTest]);
        }
        // Keep file order inside each part: easier to read and diff.
        train.Sort((a, b) => a.Line.CompareTo(b.Line));
        validation.Sort((a, b) => a.Line.CompareTo(b.Line));
        test.Sort((a, b) => a.Line.CompareTo(b.Line));
        return new SplitResult(train, validation, test, examples.Count, exactDropped, normalizedDropped, strata, CountLeaks(train, validation, test));
    }

    /// <summary>How many normalized examples occur in more than one of the parts.</summary>
    public static int CountLeaks(IEnumerable<TrainingExample> train, IEnumerable<TrainingExample> validation, IEnumerable<TrainingExample> test)
    {
        var owner = new Dictionary<string, int>(StringComparer.Ordinal);
        var leaked = new HashSet<string>(StringComparer.Ordinal);
        int part = 0;
        foreach (var set in new[] { train, validation, test })
        {
            foreach (var e in set)
            {
                var key = ExampleKeys.Normalized(e);
                if (owner.TryGetValue(key, out var p) && p != part) leaked.Add(key);
                else owner[key] = part;
            }
            part++;
        }
        return leaked.Count;
    }

    /// <summary>The stratum of an example: its last assistant message, or the value at a (dotted) key of its JSON object; "" when absent.</summary>
    public static string StratumOf(TrainingExample example, string field)
    {
        if (field == AssistantField) return ExampleKeys.NormalizeText(example.LastAssistant);
        JsonNode? node = example.Source;
        foreach (var part in field.Split('.'))
        {
            node = node is JsonObject obj && obj.TryGetPropertyValue(part, out var child) ? child : null;
            if (node is null) return "";
        }
        return node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : node.ToJsonString();
    }
}
