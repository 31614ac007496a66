namespace Tailor.Retrieval;

/// <summary>
/// Metadata a hit's document must have. Applied inside both the lexical and the vector search (not to a
/// short list afterwards), so a filter that few chunks pass still returns k hits when k exist.
/// </summary>
public sealed record SearchFilter
{
    /// <summary>Tags the document must all carry (case-insensitive; from front matter or `ingest --tag`).</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>
    /// Only documents named, where search shows them, with this prefix; null = any. A document passes when its id starts
    /// with it (its path relative to the folder it was ingested from, <c>guides/parking.md</c>, or a JSONL record's id) or
    /// its source does: the full path or URL it was ingested from (<c>/home/me/handbook/guides/</c>), except that a file
    /// uploaded to a server is matched by the name it was uploaded with, as the server shows it, and never by its path in the
    /// knowledge base's folder (<see cref="Ingestion.UploadFolder"/>), so a caller cannot probe the server's folders.
    /// </summary>
    public string? SourcePrefix { get; init; }

    /// <summary>
    /// A full path that sources may start with instead (either passes): the one a relative <see cref="SourcePrefix"/> names
    /// from the current folder (<see cref="ResolveSourcePath"/>), so <c>tailor search --source handbook/guides</c> typed
    /// above the ingested folder still matches. Null = none; a server never sets it, its current folder being its own.
    /// </summary>
    public string? SourcePath { get; init; }

    /// <summary>
    /// The full path a source prefix typed on the command line names from the current folder, for <see cref="SourcePath"/>;
    /// null for no prefix, a URL, or a path that is already full as typed (it matches as <see cref="SourcePrefix"/>).
    /// </summary>
    public static string? ResolveSourcePath(string? prefix)
    {
        if (string.IsNullOrEmpty(prefix) || prefix.Contains("://", StringComparison.Ordinal)) return null;
        var full = Path.GetFullPath(prefix);
        return full == prefix ? null : full;
    }

    /// <summary>The document's date (front matter <c>date:</c>, else the file's modification time, UTC) must be on or after this; null = any.</summary>
    public DateTime? After { get; init; }

    /// <summary>The document's date must be before this (exclusive); null = any.</summary>
    public DateTime? Before { get; init; }

    /// <summary>
    /// Table column conditions, all of which one row of a chunk must satisfy (<c>--where "region=EMEA"</c>):
    /// only chunks of tables with a header row can pass, and a hit's text keeps the header and its matching rows.
    /// </summary>
    public IReadOnlyList<ColumnCondition> Where { get; init; } = [];

    /// <summary>
    /// The reader's access groups: only documents without a group or sharing one of these are searched
    /// (see <see cref="Documents.AccessGroups"/>). Null or empty: no restriction.
    /// </summary>
    public IReadOnlyList<string>? Groups { get; init; }

    /// <summary>True when the filter lets every chunk through.</summary>
    public bool IsEmpty => Where.Count == 0 && Tags.Count == 0 && string.IsNullOrEmpty(SourcePrefix) && string.IsNullOrEmpty(SourcePath) && After is null && Before is null && (Groups is null || Groups.Count == 0);

    /// <summary>The store's form of this filter (tags normalized).</summary>
    internal Storage.ChunkFilter ToChunkFilter() => new(Documents.DocumentTags.Merge(Tags), SourcePrefix, After, Before, Groups)
    {
        SourcePath = SourcePath,
        Where = Where.Select(w => new ColumnCondition(ColumnCondition.Normalize(w.Column), ColumnCondition.Normalize(w.Value), w.Negated)).ToList(),
    };

    public void Validate()
    {
        foreach (var tag in Tags)
            if (string.IsNullOrWhiteSpace(tag)) throw new TailorException("a filter tag is empty; pass tag names such as --tag policy.");
        foreach (var condition in Where)
            if (string.IsNullOrWhiteSpace(condition.Column)) throw new TailorException("a where condition names no column; write COLUMN=VALUE, such as --where \"region=EMEA\".");
        if (After is { } a && Before is { } b && a >= b)
            throw new TailorException($"the date filter is empty: after {a:O} is not before {b:O}; widen --after/--before.");
    }

    /// <summary>
    /// Parses a filter date: "yyyy-MM-dd" (midnight UTC) or an ISO 8601 date-time (converted to UTC;
    /// without an offset it is taken as UTC).
    /// </summary>
    public static DateTime ParseDate(string text, string what)
    {
        if (DateTime.TryParse(text, System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal, out var date))
            return DateTime.SpecifyKind(date, DateTimeKind.Utc);
        throw new TailorException($"{what} '{text}' is not a date; use yyyy-MM-dd or an ISO 8601 date-time such as 2024-05-01T12:00:00Z.");
    }
}
