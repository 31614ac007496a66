
using Tailor.Tokenization;

namespace Tailor.Tests.Tokenization;

/// <summary>A small byte-level vocabulary (all 256 bytes plus a few merges) for tests that build their own files.</summary>
internal static class TinyVocabulary
{
    public const string P50kPattern = @"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+";

    public static readonly string[] Merges = ["ab", "abc", " a", " ab"];

    /// <summary>The .tiktoken text: byte b has rank b, then the merges from 256 on.</summary>
    public static string Content(string? extra = null)
    {
        var sb = new System.Text.StringBuilder();
        for (int b = 0; b < 256; b++) sb.Append(Convert.ToBase64String([(byte)b])).Append(' ').Append(b).Append('\n');
        for (int i = 0; i < Merges.Length; i++) sb.Append(Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(Merges[i]))).Append(' ').Append(256 + i).Append('\n');
        if (extra != null) sb.Append(extra);
        return sb.ToString();
    }

    public static byte[] Bytes => System.Text.Encoding.UTF8.GetBytes(Content());

    public static TokenEncoding Encoding(string name = "tiny", string? sha256 = null) =>
        new(name, P50kPattern, new Dictionary<string, int> { ["<|end|>"] = 1000 }, null, sha256);
}
