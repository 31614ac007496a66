namespace Tailor.FineTuning.ModelEvaluation;

/// <summary>A test example that is also among the training (few-shot) examples: its line in the test file and in the examples file.</summary>
public sealed record LeakedItem(int TestLine, int ExampleLine, bool SameAnswer);
