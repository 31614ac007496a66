namespace Tailor.Server.Api.Contracts;

/// <summary>POST /api/kbs/{kb}/documents with a JSON body: one document given as text.</summary>
public sealed record TextDocumentRequest
{
    /// <summary>The document's id (replaces the document with this id).</summary>
    public required string Id { get; init; }

    public required string Text { get; init; }

    public string? Title { get; init; }

    public IReadOnlyList<string>? Tags { get; init; }

    /// <summary>Access groups: keys with groups see the document only when they share one.</summary>
    public IReadOnlyList<string>? Acl { get; init; }
}
