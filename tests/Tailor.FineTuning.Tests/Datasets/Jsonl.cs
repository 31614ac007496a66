using Tailor.FineTuning.Datasets;
using Tailor.FineTuning.Statistics;
using Tailor.Testing;
using Tailor.Tokenization;

namespace Tailor.FineTuning.Tests.Datasets;

/// <summary>Builds small datasets in memory and the real tokenizer for counting.</summary>
internal static class Jsonl
{
    public static DatasetFile Parse(string text, DatasetFormat? format = null) =>
        DatasetReader.Parse("test.jsonl", text.Replace("\r\n", "\n").Split('\n'), format);

    public static string Chat(string user, string assistant, string? system = null) =>
        system is null
            ? $$"""{"messages": [{"role": "user", "content": {{Quote(user)}}}, {"role": "assistant", "content": {{Quote(assistant)}}}]}"""
            : $$"""{"messages": [{"role": "system", "content": {{Quote(system)}}}, {"role": "user", "content": {{Quote(user)}}}, {"role": "assistant", "content": {{Quote(assistant)}}}]}""";

    public static string Quote(string s) => System.Text.Json.JsonSerializer.Serialize(s);

    public static Tokenizer O200k => TokenizerRegistry.Get("o200k_base", RepoPaths.Tokenizers);

    public static ExampleTokenCounter Counter => new(O200k);
}
