namespace Tailor.Server.Api.Contracts;

/// <summary>POST /api/kbs/{kb}/sessions/{name}/turns: one question in a stored conversation.</summary>
public sealed record TurnRequest : RetrievalRequest
{
    public required string Question { get; init; }

    /// <summary>Answer as a text/event-stream, as ask does.</summary>
    public bool Stream { get; init; }

    /// <summary>Tokens of earlier turns the prompt may carry.</summary>
    public int? HistoryTokens { get; init; }
}
