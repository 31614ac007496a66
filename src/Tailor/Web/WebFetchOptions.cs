namespace Tailor.Web;

/// <summary>Limits of fetching a web page for ingestion.</summary>
public sealed record WebFetchOptions
{
    /// <summary>Allow private, loopback and link-local addresses (<c>--allow-private</c>); off by default so a URL cannot reach inside the network.</summary>
    public bool AllowPrivate { get; init; }

    /// <summary>Allow loopback addresses only (127.0.0.0/8, ::1), every other non-public address still refused: for a server on this machine, and for tests.</summary>
    public bool AllowLoopback { get; init; }

    /// <summary>Follow redirects to other hosts than the one asked for.</summary>
    public bool AllowOtherHosts { get; init; }

    /// <summary>The most bytes a response body may have.</summary>
    public long MaxBytes { get; init; } = 16L * 1024 * 1024;

    /// <summary>How long one fetch (all redirects included) may take.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The most pages one ingest fetches (a sitemap's pages included).</summary>
    public int MaxPages { get; init; } = 1000;

    /// <summary>The most redirects followed.</summary>
    public int MaxRedirects { get; init; } = 5;
}
