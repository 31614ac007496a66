namespace Tailor.FineTuning.Classification;

/// <summary>One labelled example: its class label, its text and the line of the file it came from (0 when not from a file).</summary>
public readonly record struct LabeledText(string Label, string Text, int Line = 0);
