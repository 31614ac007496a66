namespace Tailor.Server.Api.Contracts;

/// <summary>POST /api/kbs/{kb}/ask.</summary>
public sealed record AskRequest : RetrievalRequest
{
    public required string Question { get; init; }

    /// <summary>Answer as a text/event-stream: delta events, then a citations event, then done.</summary>
    public bool Stream { get; init; }
}
