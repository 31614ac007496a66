namespace Tailor.FineTuning.Generation;

/// <summary>A question and its answer written from <see cref="Source"/>; <see cref="Grounding"/> is the share of the answer's words found in the chunk.</summary>
public sealed record GeneratedPair(string Question, string Answer, SourceChunk Source, double Grounding);
