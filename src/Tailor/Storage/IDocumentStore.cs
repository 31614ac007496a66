namespace Tailor.Storage;

/// <summary>Writes of the system of record: documents with their chunks, tags and dates, in transactions that bump the generation.</summary>
public interface IDocumentStore
{
    /// <summary>The generation and embeddings counters, read together.</summary>
    StoreVersion Version();

    /// <summary>Id → (content hash, root, source) of every stored document, to decide what to skip.</summary>
    Dictionary<string, (string Hash, string Root, string Source)> DocumentHashes();

    /// <summary>
    /// Writes a batch of document versions in one transaction. A replaced document's new chunks are
    /// inserted before its old ones are deleted, and both happen in the same commit.
    /// </summary>
    List<WriteOutcome> Write(IReadOnlyList<DocumentWrite> batch);

    /// <summary>Deletes documents (and their chunks) in one transaction; returns the removed chunk ids.</summary>
    List<long> Delete(IReadOnlyCollection<string> documentIds);

    /// <summary>Adds tags to every document that came from one of the sources (in one transaction).</summary>
    void AddTags(IEnumerable<string> sources, IReadOnlyList<string> tags);

    /// <summary>The backend's own integrity checks plus row-level ones (orphans, chunk counts); empty when healthy.</summary>
    List<string> CheckRows();
}
