namespace Tailor.Retrieval;

/// <summary>How hybrid search combines its lexical and vector rankings.</summary>
public enum FusionMethod
{
    /// <summary>Reciprocal rank fusion: ranks only, no score calibration needed (the default).</summary>
    Reciprocal,

    /// <summary>Weighted sum of min-max normalized scores.</summary>
    Convex,
}
