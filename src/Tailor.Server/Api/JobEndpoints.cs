using Tailor.Server.Access;
using Tailor.Server.Api.Contracts;
using Tailor.Server.Http;

namespace Tailor.Server.Api;

/// <summary>GET /api/kbs/{kb}/jobs/{id} (queued, running, done, failed; per-file failures with reasons) and the recent jobs.</summary>
public static class JobEndpoints
{
    public sealed record JobList(IReadOnlyList<JobJson> Jobs);

    public static void Map(RouteGroupBuilder kbs)
    {
        kbs.MapGet("/{kb}/jobs/{id}", (HttpContext context, string kb, string id) =>
        {
            var knowledgeBase = KnowledgeBaseAccess.Open(context, kb, KeyScope.Read);
            var job = knowledgeBase.Jobs.Get(id) ?? throw ServerException.NotFound($"no ingest job has id \"{id}\" in \"{kb}\"; the id is in the 202 answer to the upload.");
            return Results.Json(JobJson.From(kb, job), ServerJson.Options);
        })
        .Produces<JobJson>()
        .WithSummary("One ingest job.");

        kbs.MapGet("/{kb}/jobs", (HttpContext context, string kb) =>
        {
            var knowledgeBase = KnowledgeBaseAccess.Open(context, kb, KeyScope.Read);
            return Results.Json(new JobList(knowledgeBase.Jobs.Recent(50).Select(j => JobJson.From(kb, j)).ToList()), ServerJson.Options);
        })
        .Produces<JobList>()
        .WithSummary("The 50 most recent ingest jobs, newest first.");
    }
}
