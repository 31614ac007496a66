namespace Tailor.Evaluation.Datasets;

/// <summary>One document of a BEIR corpus (a line of corpus.jsonl); extra fields are ignored.</summary>
public sealed record BeirDocument(string Id, string Title, string Text);
