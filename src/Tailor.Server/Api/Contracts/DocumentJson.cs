using System.Globalization;
using Tailor.Storage;

namespace Tailor.Server.Api.Contracts;

/// <summary>A document in the catalog, as <c>tailor docs list --json</c> writes it, with its status (done, or queued/running while its job waits).</summary>
public sealed record DocumentJson(string Id, string Status, string? Source, string? Title, string? Format, int? Chunks, long? Bytes, string? ContentHash, string? IngestedAt,
    IReadOnlyList<string>? Tags, string? Date, string? JobId)
{
    /// <summary>CSV/TSV only: false when the file has no header row (columns named "column 1", ...).</summary>
    public bool? HeaderRow { get; init; }

    public static DocumentJson From(StoredDocument d) => new(d.Id, "done", d.Source, d.Title, d.Format, d.ChunkCount, d.Bytes, d.ContentHash, d.IngestedAt, d.Tags,
        d.Date?.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), null) { HeaderRow = d.HeaderRow };
}
