using Tailor.Answering;

namespace Tailor.Server.Api.Contracts;

/// <summary>A citation <c>[n]</c>: the document, its source, a link to the place, the quoted sentence.</summary>
public sealed record CitationJson(int N, string DocumentId, string Source, string Link, string Quote)
{
    public static CitationJson From(Citation c) => new(c.N, c.DocumentId, c.Source, c.Link, c.Quote);
}
