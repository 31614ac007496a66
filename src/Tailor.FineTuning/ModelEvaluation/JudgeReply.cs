using System.Text.Json;
using System.Text.RegularExpressions;

namespace Tailor.FineTuning.ModelEvaluation;

/// <summary>Reads a judge model's grade: <c>{"score": 1-5, "reason": "..."}</c>, also inside a code fence or surrounding text.</summary>
public static partial class JudgeReply
{
    [GeneratedRegex(@"\{.*\}", RegexOptions.Singleline)]
    private static partial Regex JsonObject();

    /// <summary>The score (1–5) and reason, or null when the reply holds no such grade.</summary>
    public static (int Score, string Reason)? Parse(string reply)
    {
        var match = JsonObject().Match(reply ?? "");
        if (!match.Success) return null;
        try
        {
            using var doc = JsonDocument.Parse(match.Value);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("score", out var s)) return null;
            double score = s.ValueKind switch
            {
                JsonValueKind.Number => s.GetDouble(),
                JsonValueKind.String when double.TryParse(s.GetString(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d) => d,
                _ => double.NaN,
            };
            if (double.IsNaN(score) || score < 1 || score > 5) return null;
            string reason = root.TryGetProperty("reason", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() ?? "" : "";
            return ((int)Math.Round(score), reason);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
