namespace Tailor.Server.Api.Contracts;

/// <summary>POST /api/kbs and POST /api/kbs/{kb}/sessions: the name of what to create.</summary>
public sealed record NameRequest
{
    public required string Name { get; init; }
}
