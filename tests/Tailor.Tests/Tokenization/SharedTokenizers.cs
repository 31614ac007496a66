using System.Text.Json;
using Tailor.Testing;
using Tailor.Tokenization;

namespace Tailor.Tests.Tokenization;

/// <summary>The real vocabularies from the shared data folder, loaded once per test run.</summary>
internal static class SharedTokenizers
{
    private static readonly Lazy<Tokenizer> Cl100kLazy = new(() => Tokenizer.Load(TokenEncoding.Cl100kBase, Path.Combine(RepoPaths.Tokenizers, "cl100k_base.tiktoken")));
    private static readonly Lazy<Tokenizer> O200kLazy = new(() => Tokenizer.Load(TokenEncoding.O200kBase, Path.Combine(RepoPaths.Tokenizers, "o200k_base.tiktoken")));

    public static Tokenizer Cl100k => Cl100kLazy.Value;

    public static Tokenizer O200k => O200kLazy.Value;

    public static Tokenizer Get(string encoding) => encoding switch
    {
        "cl100k_base" => Cl100k,
        "o200k_base" => O200k,
        _ => throw new ArgumentException("unknown encoding " + encoding),
    };

    public sealed record GoldenCase(string Encoding, string Text, int[] Tokens);

    /// <summary>Every line of golden.jsonl: texts with tiktoken's encode_ordinary ids.</summary>
    public static IReadOnlyList<GoldenCase> Golden { get; } = LoadGolden();

    private static List<GoldenCase> LoadGolden()
    {
        var cases = new List<GoldenCase>();
        foreach (var line in File.ReadLines(Path.Combine(RepoPaths.Tokenizers, "golden.jsonl")))
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            var tokens = new List<int>();
            foreach (var t in root.GetProperty("tokens").EnumerateArray()) tokens.Add(t.GetInt32());
            cases.Add(new GoldenCase(root.GetProperty("encoding").GetString()!, root.GetProperty("text").GetString()!, tokens.ToArray()));
        }
        return cases;
    }
}
