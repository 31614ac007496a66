using System.Text;
using Tailor.Cleaning;
using Tailor.FineTuning.Datasets;

namespace Tailor.FineTuning.Splitting;

/// <summary>
/// Identity keys of examples for duplicate and leakage checks. <see cref="Exact"/>: the same roles
/// and texts byte for byte. <see cref="Normalized"/>: the same after Unicode compatibility
/// normalization, lower-casing, dropping punctuation and collapsing white space, so
/// "Hello,  World!" and "hello world" are one example.
/// </summary>
public static class ExampleKeys
{
    private static readonly TextCleaner Nfkc = new(new TextCleaningOptions { Normalization = NormalizationForm.FormKC });

    public static string Exact(TrainingExample example)
    {
        var key = new StringBuilder();
        foreach (var m in example.Messages)
        {
            key.Append(m.Role).Append('\u0001').Append(m.Content).Append('\u0001');
            if (m.Weight is { } w) key.Append(w);
            if (m.ToolCalls != null) key.Append(m.ToolCalls.ToJsonString());
            key.Append('\u0002');
        }
        return key.ToString();
    }

    public static string Normalized(TrainingExample example)
    {
        var key = new StringBuilder();
        foreach (var m in example.Messages)
        {
            key.Append(m.Role).Append('\u0001');
            AppendNormalized(key, m.Content);
            key.Append('\u0002');
        }
        return key.ToString();
    }

    /// <summary>Normalized text: NFKC, lower case, letters and digits kept, every other run of characters one space.</summary>
    public static string NormalizeText(string text)
    {
        var sb = new StringBuilder(text.Length);
        AppendNormalized(sb, text);
        return sb.ToString();
    }

    private static void AppendNormalized(StringBuilder key, string text)
    {
        string folded = Nfkc.Clean(text);
        bool space = true;
        int start = key.Length;
        foreach (var rune in folded.EnumerateRunes())
        {
            if (Rune.IsLetterOrDigit(rune))
            {
                key.Append(Rune.ToLowerInvariant(rune).ToString());
                space = false;
            }
            else if (!space)
            {
                key.Append(' ');
                space = true;
            }
        }
        if (key.Length > start && key[^1] == ' ') key.Length--;
    }
}
