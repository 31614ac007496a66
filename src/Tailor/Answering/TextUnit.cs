namespace Tailor.Answering;

/// <summary>
/// A quotable span of a chunk's text: a sentence, a list item or a table row. Table rows carry
/// the span of their table's header row so they can be read (and scored) in context.
/// </summary>
internal readonly record struct TextUnit(int Start, int Length, TextUnitKind Kind, int HeaderStart = -1, int HeaderLength = 0)
{
    public int End => Start + Length;

    public bool HasHeader => HeaderStart >= 0;

    public string TextOf(string text) => text.Substring(Start, Length);

    public string? HeaderOf(string text) => HasHeader ? text.Substring(HeaderStart, HeaderLength) : null;
}
