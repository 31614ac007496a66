namespace Tailor.Retrieval;

/// <summary>Which retrieval paths a search uses.</summary>
public enum SearchMode
{
    Lexical,
    Vector,
    Hybrid,
}
