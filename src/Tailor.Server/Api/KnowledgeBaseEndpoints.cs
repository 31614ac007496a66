using Tailor.Server.Access;
using Tailor.Server.Api.Contracts;
using Tailor.Server.Hosting;
using Tailor.Server.Http;

namespace Tailor.Server.Api;

/// <summary>GET/POST /api/kbs and DELETE /api/kbs/{kb}: the knowledge bases this server serves.</summary>
public static class KnowledgeBaseEndpoints
{
    public sealed record KnowledgeBaseJson(string Name, bool Ready, long? Documents, long? Chunks, string? Error);

    public sealed record KnowledgeBaseList(IReadOnlyList<KnowledgeBaseJson> KnowledgeBases, int Count);

    public static void Map(RouteGroupBuilder kbs)
    {
        kbs.MapGet("/", (HttpContext context, KnowledgeBaseRegistry registry) =>
        {
            var caller = Caller.Of(context);
            caller.Require(KeyScope.Read);
            var list = registry.All.Where(s => caller.MaySee(s.Name)).Select(s => Describe(s, caller)).ToList();
            return Results.Json(new KnowledgeBaseList(list, list.Count), ServerJson.Options);
        })
        .Produces<KnowledgeBaseList>()
        .WithSummary("The knowledge bases this key may use.");

        kbs.MapPost("/", async (HttpContext context, KnowledgeBaseRegistry registry, CancellationToken ct) =>
        {
            Caller.Of(context).Require(KeyScope.Admin);
            var request = await JsonBody.ReadAsync<NameRequest>(context.Request, ct: ct);
            var served = registry.Create(request.Name);
            return Results.Json(Describe(served, Caller.Of(context)), ServerJson.Options, statusCode: 201);
        })
        .Accepts<NameRequest>("application/json")
        .Produces<KnowledgeBaseJson>(201)
        .WithSummary("Create a knowledge base (servers started with --data).");

        kbs.MapDelete("/{kb}", async (HttpContext context, string kb, KnowledgeBaseRegistry registry, CancellationToken ct) =>
        {
            Caller.Of(context).Require(KeyScope.Admin, kb);
            await registry.DeleteAsync(kb, ct);
            return Results.Json(new { deleted = kb }, ServerJson.Options);
        })
        .WithSummary("Delete a knowledge base and its folder.");
    }

    private static KnowledgeBaseJson Describe(ServedKnowledgeBase s, Caller caller)
    {
        if (!s.IsOpen) return new KnowledgeBaseJson(s.Name, false, null, null, s.Error);
        if (caller.Groups.Count > 0)
        {
            // counts of what the key may read only
            var readable = s.Open.Documents.List().Where(d => caller.MayRead(d.Tags)).ToList();
            return new KnowledgeBaseJson(s.Name, true, readable.Count, readable.Sum(d => (long)d.ChunkCount), null);
        }
        var (documents, chunks) = s.Open.Documents.Count();
        return new KnowledgeBaseJson(s.Name, true, documents, chunks, null);
    }
}
