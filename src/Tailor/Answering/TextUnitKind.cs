namespace Tailor.Answering;

/// <summary>What kind of quotable unit a <see cref="TextUnit"/> is.</summary>
internal enum TextUnitKind
{
    Sentence,
    ListItem,
    TableRow,
}
