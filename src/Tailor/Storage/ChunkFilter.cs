namespace Tailor.Storage;

/// <summary>
/// What a store can restrict chunks by: their document's tags (all must be present, lower-case), source
/// prefix and date range (UTC, before exclusive), and the chunk's table rows (some row satisfies every
/// <see cref="Where"/> condition; names and values normalized). Built from a search's filter by retrieval.
/// A source prefix passes a document whose id starts with it, or whose source does with an uploaded file's
/// server-side folder removed (<see cref="Ingestion.UploadFolder"/>): the names search shows
/// (<see cref="Retrieval.SearchFilter.SourcePrefix"/>).
/// </summary>
public sealed record ChunkFilter(IReadOnlyList<string> Tags, string? SourcePrefix, DateTime? After, DateTime? Before, IReadOnlyList<string>? Groups = null)
{
    /// <summary>A full path the source (as shown, like <see cref="SourcePrefix"/>) may start with instead; null = none (<see cref="Retrieval.SearchFilter.SourcePath"/>).</summary>
    public string? SourcePath { get; init; }

    /// <summary>Column conditions in normalized form (<see cref="Retrieval.ColumnCondition.Normalize"/>); empty = no row restriction.</summary>
    public IReadOnlyList<Retrieval.ColumnCondition> Where { get; init; } = [];
}
