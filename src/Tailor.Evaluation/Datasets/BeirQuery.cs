namespace Tailor.Evaluation.Datasets;

/// <summary>One query of a BEIR dataset (a line of queries.jsonl).</summary>
public sealed record BeirQuery(string Id, string Text);
