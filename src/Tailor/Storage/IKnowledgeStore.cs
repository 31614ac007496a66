namespace Tailor.Storage;

/// <summary>
/// The system of record of a knowledge base, opened as one: SQLite in the knowledge base folder
/// (<see cref="SqliteStore"/>, the embedded default) or PostgreSQL with pgvector (Tailor.Postgres). Each
/// part is a small interface, and each consumer takes the parts it needs.
/// </summary>
public interface IKnowledgeStore : IDocumentStore, IChunkReader, IChunkScanner, IEmbeddingStore, IEmbeddingCache, IExampleRecords, ISessionRecords, IJobRecords, IKeyRecords, IWriterLease, IDisposable
{
    /// <summary>Where the data is, for messages: the database file, or the server and database without the password.</summary>
    string Location { get; }
}
