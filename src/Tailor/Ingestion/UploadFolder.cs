using System.Text.RegularExpressions;

namespace Tailor.Ingestion;

/// <summary>
/// The server-side folder of a file uploaded to a server. The file is kept in its knowledge base's folder as
/// <c>uploads/JOB/NAME</c> and is known to its users as <c>NAME</c>, the name it was uploaded with: the server writes
/// that name in every <c>source</c> and <c>link</c>, and a search's source filter (<see cref="Retrieval.SearchFilter.SourcePrefix"/>)
/// matches that name and never the path, so the server's folders can neither be read from its answers nor probed by prefixes.
/// </summary>
public static partial class UploadFolder
{
    /// <summary>
    /// Matches the folder at the start of an uploaded file's full path (or link), up to and including
    /// <c>uploads/JOB/</c> (JOB: 16 lowercase hex digits). Written so that .NET and PostgreSQL (its advanced regular
    /// expressions) read it alike, with <c>.</c> matching any character: the PostgreSQL store applies it in SQL.
    /// </summary>
    public const string Pattern = @"^(?:[A-Za-z]:)?[\\/].*[\\/]" + IngestJobQueue.UploadsFolder + @"[\\/][0-9a-f]{16}[\\/]";

    [GeneratedRegex(Pattern, RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex Folder();

    /// <summary>Whether <paramref name="source"/> is the full path of a file uploaded to a server (under <c>uploads/JOB/</c> of some knowledge base folder).</summary>
    public static bool IsUpload(string? source) => source is not null && Folder().IsMatch(source);

    /// <summary>
    /// The value with an uploaded file's server-side folder removed (<c>policies/travel.html#meals</c>); any other value
    /// (a path ingested from elsewhere, a URL, a plain name) unchanged.
    /// </summary>
    public static string? Remove(string? value) => value is null ? null : Folder().Replace(value, "", 1);
}
