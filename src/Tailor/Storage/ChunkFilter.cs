namespace Tailor.Storage;

/// <summary>
/// What a store can restrict chunks by: their document's tags (all must be present, lower-case), source
/// prefix and date range (UTC, before exclusive), and the chunk's table rows (some row satisfies every
/// <see cref="Where"/> condition; names and values normalized). Built from a search's filter by retrieval.
/// </summary>
public sealed record ChunkFilter(IReadOnlyList<string> Tags, string? SourcePrefix, DateTime? After, DateTime? Before, IReadOnlyList<string>? Groups = null)
{
    /// <summary>Column conditions in normalized form (<see cref="Retrieval.ColumnCondition.Normalize"/>); empty = no row restriction.</summary>
    public IReadOnlyList<Retrieval.ColumnCondition> Where { get; init; } = [];
}
