namespace Tailor.Extraction;

/// <summary>
/// One structural unit of an extracted document: a heading, a paragraph, a list item, a code
/// block or a table. Positions point back into the source so citations can link to them.
/// </summary>
/// <param name="Kind">What the block is.</param>
/// <param name="Text">Cleaned text. For tables: one row per line (the header row first when there is one), cells separated by " | ".</param>
/// <param name="Level">Heading level (1..6) for headings; nesting depth for list items; else 0.</param>
/// <param name="LineStart">1-based first source line, or 0 when the format has no lines.</param>
/// <param name="LineEnd">1-based last source line, or 0.</param>
/// <param name="Anchor">Fragment id for HTML (the id of the nearest preceding heading or section), else null.</param>
/// <param name="TableHeader">For tables: the header row, repeated in every chunk of the table.</param>
public sealed record Block(
    BlockKind Kind,
    string Text,
    int Level = 0,
    int LineStart = 0,
    int LineEnd = 0,
    string? Anchor = null,
    string? TableHeader = null);
