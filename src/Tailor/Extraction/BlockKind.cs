namespace Tailor.Extraction;

/// <summary>The structural role of a block of extracted text.</summary>
public enum BlockKind
{
    Heading,
    Paragraph,
    ListItem,
    Code,
    Table,
    Quote,
}
