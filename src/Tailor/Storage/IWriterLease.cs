namespace Tailor.Storage;

/// <summary>
/// One writer per knowledge base (ingest, delete, reembed, repair): a file lock beside SQLite, an advisory
/// lock in PostgreSQL. Released when disposed, and by the operating system or the server when the process dies.
/// </summary>
public interface IWriterLease
{
    /// <summary>Waits up to <paramref name="wait"/>, then fails with a message naming the knowledge base.</summary>
    IDisposable AcquireWriter(TimeSpan wait);

    /// <summary>The lease when it is free now; null when another writer holds it.</summary>
    IDisposable? TryAcquireWriter();
}
