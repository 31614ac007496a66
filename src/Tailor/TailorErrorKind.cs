namespace Tailor;

/// <summary>What kind of problem a <see cref="TailorException"/> reports, so a host can map it to an exit code or an HTTP status.</summary>
public enum TailorErrorKind
{
    /// <summary>An argument, option, question or file the caller gave is not acceptable (the default).</summary>
    InvalidInput,

    /// <summary>A knowledge base, document, session, example or file that was named does not exist.</summary>
    NotFound,

    /// <summary>Another process holds the knowledge base's writer lock; try again when it is done.</summary>
    Busy,

    /// <summary>The request contradicts the stored state (e.g. the configured embedder is not the recorded one).</summary>
    Conflict,

    /// <summary>A model, embedding or rerank server failed, timed out or could not be reached.</summary>
    Upstream,

    /// <summary>Stored data is damaged or inconsistent (checksums, formats, missing files).</summary>
    Corrupt,

    /// <summary>A server refused the credentials.</summary>
    Unauthorized,
}
