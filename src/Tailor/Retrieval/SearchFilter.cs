namespace Tailor.Retrieval;

/// <summary>
/// Metadata a hit's document must have. Applied inside both the lexical and the vector search (not to a
/// short list afterwards), so a filter that few chunks pass still returns k hits when k exist.
/// </summary>
public sealed record SearchFilter
{
    /// <summary>Tags the document must all carry (case-insensitive; from front matter or `ingest --tag`).</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>The document's source (its file path or URL) must start with this; null = any.</summary>
    public string? SourcePrefix { get; init; }

    /// <summary>
    /// A source prefix as a user types it: sources are stored as full paths (or URLs), so a relative
    /// path is resolved against the current folder; a URL or null/empty (no prefix) is kept as is.
    /// </summary>
    public static string? ResolveSourcePrefix(string? prefix) =>
        string.IsNullOrEmpty(prefix) ? null : prefix.Contains("://", StringComparison.Ordinal) ? prefix : Path.GetFullPath(prefix);

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
    public bool IsEmpty => Where.Count == 0 && Tags.Count == 0 && string.IsNullOrEmpty(SourcePrefix) && After is null && Before is null && (Groups is null || Groups.Count == 0);

    /// <summary>The store's form of this filter (tags normalized).</summary>
    internal Storage.ChunkFilter ToChunkFilter() => new(Documents.DocumentTags.Merge(Tags), SourcePrefix, After, Before, Groups)
    {
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
