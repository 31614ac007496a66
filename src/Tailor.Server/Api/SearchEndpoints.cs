using Tailor.Responses;
using Tailor.Retrieval;
using Tailor.Server.Access;
using Tailor.Server.Api.Contracts;
using Tailor.Server.Http;

namespace Tailor.Server.Api;

/// <summary>POST /api/kbs/{kb}/search: the same JSON as <c>tailor search --json</c> (hits, and the degraded mode when one side could not run).</summary>
public static class SearchEndpoints
{
    public static void Map(RouteGroupBuilder kbs)
    {
        kbs.MapPost("/{kb}/search", async (HttpContext context, string kb, CancellationToken ct) =>
        {
            var knowledgeBase = KnowledgeBaseAccess.Open(context, kb, KeyScope.Read);
            var request = await JsonBody.ReadAsync<SearchRequest>(context.Request, ct: ct);
            int k = request.K ?? 10;
            if (k is < 1 or > 1000) throw ServerException.BadRequest($"field \"k\" is {k}; use 1 to 1000 hits.");
            if (request.Mmr is { } l && (!double.IsFinite(l) || l < 0 || l > 1)) throw ServerException.BadRequest($"field \"mmr\" is {l}; use 0 (most diverse) to 1 (relevance only).");
            var options = new SearchOptions { K = k, Mode = request.ParsedMode(), Filter = Caller.Of(context).Restrict(request.Filter()), Mmr = request.Mmr };
            var result = await knowledgeBase.SearchAsync(KnowledgeBaseAccess.Required(request.Query, "query"), options, ct);
            return Results.Json(SearchResponse.From(result, request.Explain, reranker: null), ServerJson.Options);
        })
        .Accepts<SearchRequest>("application/json")
        .Produces<SearchResponse>()
        .WithSummary("Search the knowledge base: ranked chunks with their sources.");
    }
}
