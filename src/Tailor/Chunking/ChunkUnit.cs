namespace Tailor.Chunking;

/// <summary>What part of a block a chunk unit is; decides how units are joined and overlapped.</summary>
internal enum UnitKind : byte
{
    /// <summary>A whole block (heading, paragraph, list item, quote, code or table).</summary>
    Block,
    /// <summary>One sentence of a prose block too large for one chunk.</summary>
    Sentence,
    /// <summary>A run of words of a sentence too large for one chunk.</summary>
    Words,
    /// <summary>One line of a code block too large for one chunk.</summary>
    Line,
    /// <summary>One row of a table too large for one chunk.</summary>
    Row,
    /// <summary>A table's header row, repeated before its rows in every chunk.</summary>
    TableHeader,
    /// <summary>The document title standing in for a heading at the start of the root section.</summary>
    Title,
}

/// <summary>
/// An indivisible piece of a chunk: a slice of one block's text with its token count, counted once.
/// </summary>
internal readonly record struct ChunkUnit(
    UnitKind Kind,
    int BlockIndex,
    string Source,
    int Start,
    int Length,
    int Tokens,
    int LineStart,
    int LineEnd,
    bool IsOverlap = false)
{
    public ReadOnlySpan<char> Text => Source.AsSpan(Start, Length);

    public bool IsHeadingLike => Kind is UnitKind.Title || (Kind == UnitKind.Block && IsHeadingBlock);

    /// <summary>Set by the splitter for whole heading blocks.</summary>
    public bool IsHeadingBlock { get; init; }
}
