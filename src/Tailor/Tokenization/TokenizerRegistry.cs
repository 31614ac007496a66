using System.Collections.Concurrent;

namespace Tailor.Tokenization;

/// <summary>
/// The entry point the rest of Tailor uses to get a tokenizer: resolves the rank file through a
/// <see cref="VocabularySource"/> and keeps each loaded tokenizer for the life of the process.
/// </summary>
public static class TokenizerRegistry
{
    private static readonly ConcurrentDictionary<string, Lazy<Tokenizer>> Loaded = new(StringComparer.Ordinal);

    /// <summary>The tokenizer for a built-in encoding ("cl100k_base", "o200k_base"); throws <see cref="TailorException"/> when its vocabulary is unavailable.</summary>
    public static Tokenizer Get(string encoding, string? vocabDir = null) => Get(TokenEncoding.GetBuiltIn(encoding), VocabularySource.Default(vocabDir));

    /// <summary>The tokenizer for <paramref name="encoding"/>, its rank file found through <paramref name="source"/>.</summary>
    public static Tokenizer Get(TokenEncoding encoding, VocabularySource source)
    {
        ArgumentNullException.ThrowIfNull(encoding);
        ArgumentNullException.ThrowIfNull(source);
        string path = Path.GetFullPath(source.Resolve(encoding));
        var lazy = Loaded.GetOrAdd(encoding.Name + "\n" + path, _ => new Lazy<Tokenizer>(() => Tokenizer.Load(encoding, path)));
        try
        {
            return lazy.Value;
        }
        catch (TailorException)
        {
            Loaded.TryRemove(encoding.Name + "\n" + path, out _); // a fixed file may be loaded later
            throw;
        }
    }

    /// <summary>As <see cref="Get(string, string?)"/>, returning false and the reason instead of throwing.</summary>
    public static bool TryGet(string encoding, string? vocabDir, out Tokenizer? tokenizer, out string? problem)
    {
        try
        {
            tokenizer = Get(encoding, vocabDir);
            problem = null;
            return true;
        }
        catch (TailorException ex)
        {
            tokenizer = null;
            problem = ex.Message;
            return false;
        }
    }

    /// <summary>The tokenizer of the encoding <paramref name="model"/> uses (see <see cref="ModelEncodings"/>).</summary>
    public static Tokenizer ForModel(string model, string? vocabDir = null) => Get(ModelEncodings.GetEncoding(model), vocabDir);
}
