namespace Tailor.FineTuning.ModelEvaluation;

/// <summary>The command-line names of <see cref="EvalVariant"/>s: zero-shot, few-shot, rag, and all.</summary>
public static class EvalVariants
{
    public const string Names = "zero-shot, few-shot, rag, all";

    public static string Name(EvalVariant variant) => variant switch
    {
        EvalVariant.ZeroShot => "zero-shot",
        EvalVariant.FewShot => "few-shot",
        EvalVariant.Rag => "rag",
        _ => throw new ArgumentOutOfRangeException(nameof(variant)),
    };

    /// <summary>
    /// The variants named by <paramref name="names"/>; "all" is every variant whose input is given
    /// (few-shot needs examples, rag a knowledge base).
    /// </summary>
    public static IReadOnlyList<EvalVariant> Parse(IEnumerable<string> names, bool haveExamples, bool haveKnowledgeBase)
    {
        var chosen = new List<EvalVariant>();
        void Add(EvalVariant v) { if (!chosen.Contains(v)) chosen.Add(v); }
        foreach (var raw in names.SelectMany(n => n.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            switch (raw.ToLowerInvariant())
            {
                case "zero-shot" or "zeroshot" or "base": Add(EvalVariant.ZeroShot); break;
                case "few-shot" or "fewshot": Add(EvalVariant.FewShot); break;
                case "rag": Add(EvalVariant.Rag); break;
                case "all":
                    Add(EvalVariant.ZeroShot);
                    if (haveExamples) Add(EvalVariant.FewShot);
                    if (haveKnowledgeBase) Add(EvalVariant.Rag);
                    break;
                default: throw new TailorException($"--variant \"{raw}\" is not a variant; use {Names}.");
            }
        }
        if (chosen.Count == 0) Add(EvalVariant.ZeroShot);
        if (chosen.Contains(EvalVariant.FewShot) && !haveExamples)
            throw new TailorException("the few-shot variant needs solved examples to choose from; pass --examples FILE (a JSONL file of training examples, never the test file).");
        if (chosen.Contains(EvalVariant.Rag) && !haveKnowledgeBase)
            throw new TailorException("the rag variant needs a knowledge base to retrieve from; pass --kb DIR (made with `tailor ingest`).");
        return chosen;
    }
}
