namespace Tailor.Embedding;

/// <summary>
/// How an embedder says which input of a batch it refused (e.g. one over the model's input limit):
/// the index goes in the exception's <see cref="Exception.Data"/> under <see cref="IndexKey"/>, so the
/// knowledge base can name the document and chunk.
/// </summary>
public static class EmbeddingInputError
{
    public const string IndexKey = "tailor.input_index";

    /// <summary>The refused input's index, or null when the error is about the whole request.</summary>
    public static int? IndexOf(Exception ex) => ex.Data[IndexKey] is int i ? i : null;
}
