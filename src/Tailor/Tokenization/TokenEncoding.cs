namespace Tailor.Tokenization;

/// <summary>
/// What defines a tiktoken encoding besides its rank file: the pre-tokenization pattern, the
/// special tokens, and where the rank file is published (URL and SHA-256).
/// </summary>
public sealed record TokenEncoding(
    string Name,
    string Pattern,
    IReadOnlyDictionary<string, int> SpecialTokens,
    string? DownloadUrl = null,
    string? Sha256 = null)
{
    /// <summary>Where OpenAI publishes the rank files.</summary>
    public const string PublicBaseUrl = "https://openaipublic.blob.core.windows.net/encodings/";

    /// <summary>cl100k_base: GPT-4, GPT-3.5-turbo, text-embedding-3-*, text-embedding-ada-002.</summary>
    public static readonly TokenEncoding Cl100kBase = new(
        "cl100k_base",
        @"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+",
        new Dictionary<string, int>
        {
            ["<|endoftext|>"] = 100257,
            ["<|fim_prefix|>"] = 100258,
            ["<|fim_middle|>"] = 100259,
            ["<|fim_suffix|>"] = 100260,
            ["<|endofprompt|>"] = 100276,
        },
        PublicBaseUrl + "cl100k_base.tiktoken",
        "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7");

    /// <summary>o200k_base: GPT-4o, GPT-4.1, GPT-5, the o1/o3/o4 series.</summary>
    public static readonly TokenEncoding O200kBase = new(
        "o200k_base",
        string.Join('|',
            @"[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?",
            @"[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?",
            @"\p{N}{1,3}",
            @" ?[^\s\p{L}\p{N}]+[\r\n/]*",
            @"\s*[\r\n]+",
            @"\s+(?!\S)",
            @"\s+"),
        new Dictionary<string, int>
        {
            ["<|endoftext|>"] = 199999,
            ["<|endofprompt|>"] = 200018,
        },
        PublicBaseUrl + "o200k_base.tiktoken",
        "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d");

    /// <summary>The encodings Tailor knows by name.</summary>
    public static IReadOnlyList<TokenEncoding> BuiltIn { get; } = [Cl100kBase, O200kBase];

    /// <summary>Finds a built-in encoding by name (case-insensitive).</summary>
    public static bool TryGetBuiltIn(string name, out TokenEncoding? encoding)
    {
        foreach (var e in BuiltIn)
        {
            if (string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                encoding = e;
                return true;
            }
        }
        encoding = null;
        return false;
    }

    /// <summary>A built-in encoding by name; throws <see cref="TailorException"/> listing the known names.</summary>
    public static TokenEncoding GetBuiltIn(string name) =>
        TryGetBuiltIn(name, out var e) ? e! : throw new TailorException($"Unknown encoding '{name}'. Known encodings: {string.Join(", ", BuiltIn.Select(b => b.Name))}.");

    /// <summary>File name of the rank file, e.g. "cl100k_base.tiktoken".</summary>
    public string FileName => Name + ".tiktoken";
}
