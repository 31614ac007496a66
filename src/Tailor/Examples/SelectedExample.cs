using Tailor.Chat;

namespace Tailor.Examples;

/// <summary>A few-shot example chosen for a question, with its similarity to the question (cosine).</summary>
public sealed record SelectedExample(FewShotExample Example, double Similarity);
