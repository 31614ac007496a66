using System.Text;
using System.Text.Json;

namespace Tailor.Testing.Classification;

/// <summary>
/// A deterministic labelled short-text corpus for classifier tests. Every text is made of filler
/// words drawn from one shared pseudo-word vocabulary (same length distribution for every class)
/// plus a few marker words of its class, so the classes can be told apart only through word and
/// character features. <c>labelNoise</c> flips that share of labels to another class at random,
/// which makes a model that memorizes the training set overfit (validation loss rises).
/// </summary>
public static class SyntheticTextCorpus
{
    private static readonly string[] Syllables = ["ka", "lo", "mi", "ru", "te", "sa", "no", "vi", "pe", "du", "ga", "zo", "fi", "ho", "ba", "ne", "ti", "mo", "ra", "ku"];

    public sealed record Example(string Label, string Text);

    /// <summary><paramref name="count"/> examples over <paramref name="classes"/> labels ("class0", "class1", …), in a seeded order.</summary>
    public static List<Example> Generate(int count, int classes = 2, int seed = 1, double labelNoise = 0, int fillerVocabulary = 400, int markersPerClass = 12)
    {
        var vocabularyRng = new Random(7919); // the vocabulary is the same for every seed; the seed picks texts
        var filler = Words(vocabularyRng, fillerVocabulary, 2, 4, new HashSet<string>());
        var used = new HashSet<string>(filler);
        var markers = new List<string>[classes];
        for (int c = 0; c < classes; c++) markers[c] = Words(vocabularyRng, markersPerClass, 2, 4, used);
        var rng = new Random(seed);
        var result = new List<Example>(count);
        for (int i = 0; i < count; i++)
        {
            int label = rng.Next(classes);
            int length = 5 + rng.Next(10);
            var words = new List<string>(length + 2);
            for (int w = 0; w < length; w++) words.Add(filler[rng.Next(filler.Count)]);
            int markerCount = 1 + rng.Next(2);
            for (int m = 0; m < markerCount; m++) words.Insert(rng.Next(words.Count + 1), markers[label][rng.Next(markers[label].Count)]);
            if (labelNoise > 0 && rng.NextDouble() < labelNoise) label = (label + 1 + rng.Next(classes - 1)) % classes;
            result.Add(new Example("class" + label, string.Join(' ', words)));
        }
        return result;
    }

    /// <summary>The examples as TSV lines (label&lt;TAB&gt;text).</summary>
    public static string ToTsv(IEnumerable<Example> examples)
    {
        var sb = new StringBuilder();
        foreach (var e in examples) sb.Append(e.Label).Append('\t').Append(e.Text).Append('\n');
        return sb.ToString();
    }

    /// <summary>The examples as JSONL lines ({"text", "label"}).</summary>
    public static string ToJsonl(IEnumerable<Example> examples)
    {
        var sb = new StringBuilder();
        foreach (var e in examples) sb.Append(JsonSerializer.Serialize(new Dictionary<string, string> { ["text"] = e.Text, ["label"] = e.Label })).Append('\n');
        return sb.ToString();
    }

    private static List<string> Words(Random rng, int count, int minSyllables, int maxSyllables, HashSet<string> taken)
    {
        var words = new List<string>(count);
        while (words.Count < count)
        {
            int n = minSyllables + rng.Next(maxSyllables - minSyllables + 1);
            var sb = new StringBuilder();
            for (int s = 0; s < n; s++) sb.Append(Syllables[rng.Next(Syllables.Length)]);
            string word = sb.ToString();
            if (taken.Add(word)) words.Add(word);
        }
        return words;
    }
}
