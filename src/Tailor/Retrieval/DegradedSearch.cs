namespace Tailor.Retrieval;

/// <summary>
/// A search that could not run as asked: hybrid ran lexical only (no embeddings), or the vector side
/// holds only part of the chunks. <see cref="Reason"/> says why and what to do.
/// </summary>
/// <param name="Requested">The mode asked for (or the knowledge base's default).</param>
/// <param name="Used">The mode that ran.</param>
/// <param name="Reason">Why, and what to do about it.</param>
public sealed record DegradedSearch(SearchMode Requested, SearchMode Used, string Reason);
