namespace Tailor.Storage;

/// <summary>
/// A store outside the knowledge base folder (PostgreSQL) that keeps the manifest too: every folder that opens the
/// database (one per server) takes the options recorded there, so they all chunk, analyze and embed the same way, and a
/// change one of them makes (a re-embed) reaches the others when they open it.
/// </summary>
public interface ISharedManifest
{
    /// <summary>The manifest's JSON as last written, or null when none was written yet.</summary>
    string? ReadManifest();

    /// <summary>Replaces the manifest's JSON.</summary>
    void WriteManifest(string json);
}
