namespace Tailor.FineTuning.Costs;

/// <summary>
/// OpenAI's default number of epochs when none is given: 3, raised when examples × 3 is under 100
/// (to 100 / examples, at most 25) and lowered when it is over 25,000 (to 25,000 / examples, at
/// least 1), integer division as in OpenAI's cookbook.
/// </summary>
public static class EpochRule
{
    public const int TargetEpochs = 3;
    public const int MinTargetExamples = 100;
    public const int MaxTargetExamples = 25_000;
    public const int MinDefaultEpochs = 1;
    public const int MaxDefaultEpochs = 25;

    /// <summary>The epochs OpenAI would choose for <paramref name="examples"/> training examples.</summary>
    public static int DefaultEpochs(int examples)
    {
        if (examples <= 0) throw new TailorException("The dataset has no valid examples, so no epochs can be chosen; fix it with 'tailor finetune validate'.");
        long product = (long)examples * TargetEpochs;
        if (product < MinTargetExamples) return Math.Min(MaxDefaultEpochs, MinTargetExamples / examples);
        if (product > MaxTargetExamples) return Math.Max(MinDefaultEpochs, MaxTargetExamples / examples);
        return TargetEpochs;
    }
}
