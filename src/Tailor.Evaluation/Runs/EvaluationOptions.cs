using Tailor.Retrieval;

namespace Tailor.Evaluation.Runs;

/// <summary>Choices for one evaluation run over a BEIR dataset.</summary>
public sealed record EvaluationOptions
{
    /// <summary>The recall-curve cutoffs always computed (those not above <see cref="Depth"/>).</summary>
    public static readonly IReadOnlyList<int> CurveCutoffs = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000];

    /// <summary>Search modes to evaluate, in order. A mode the engine refuses is reported with an error, not thrown.</summary>
    public IReadOnlyList<SearchMode> Modes { get; init; } = [SearchMode.Lexical];

    /// <summary>Extra cutoffs k to report (nDCG@k, Recall@k, MRR@k, P@k) beside the standard ones.</summary>
    public IReadOnlyList<int> Cutoffs { get; init; } = [];

    /// <summary>Chunk hits requested per query; enough to cover Recall@100 after collapsing chunks to documents.</summary>
    public int Depth { get; init; } = 1000;

    /// <summary>The embedder the knowledge base is built with (null: the built-in one), as <c>KnowledgeBase.Open</c> takes it.</summary>
    public Tailor.Embedding.IEmbedder? Embedder { get; init; }

    /// <summary>Knowledge base folder to build; null = a fresh temporary folder.</summary>
    public string? KnowledgeBaseDirectory { get; init; }

    /// <summary>Keep the knowledge base folder afterwards (a temporary one is deleted otherwise).</summary>
    public bool Keep { get; init; }

    /// <summary>Every cutoff computed: the curve cutoffs up to <see cref="Depth"/>, 10, 100 and the extra ones, ascending.</summary>
    public IReadOnlyList<int> AllCutoffs()
    {
        var set = new SortedSet<int> { 10, 100 };
        foreach (int k in CurveCutoffs)
        {
            if (k <= Depth) set.Add(k);
        }
        foreach (int k in Cutoffs) set.Add(k);
        return [.. set];
    }

    /// <summary>Throws <see cref="TailorException"/> when a choice is out of range.</summary>
    public void Validate()
    {
        if (Modes.Count == 0) throw new TailorException("no search mode chosen; pick lexical, vector, hybrid or all.");
        if (Depth < 1 || Depth > 10_000) throw new TailorException($"depth is {Depth}; use 1 to 10000 chunk hits per query.");
        foreach (int k in Cutoffs)
        {
            if (k < 1 || k > 10_000) throw new TailorException($"cutoff k={k} is out of range; use 1 to 10000.");
        }
    }
}
