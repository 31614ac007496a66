namespace Tailor.Tokenization;

/// <summary>Counts model tokens in text. Chunking and prompt budgets count through this seam.</summary>
public interface ITokenCounter
{
    /// <summary>A short name for reports, e.g. "cl100k_base" or "estimate".</summary>
    string Name { get; }

    int CountTokens(ReadOnlySpan<char> text);
}
