namespace Tailor.Server.Api.Contracts;

/// <summary>POST /api/kbs/{kb}/search.</summary>
public sealed record SearchRequest : RetrievalRequest
{
    public required string Query { get; init; }

    /// <summary>Include each hit's lexical rank, vector rank and fused score.</summary>
    public bool Explain { get; init; }
}
