using Tailor.Ingestion;
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
            var caller = Caller.Of(context);
            var job = knowledgeBase.Jobs.Get(id) is { } found && caller.MayRead(found.Tags) ? found
                : throw ServerException.NotFound($"no ingest job has id \"{id}\" in \"{kb}\"; the id is in the 202 answer to the upload.");
            return Results.Json(JobJson.From(kb, Readable(knowledgeBase, caller, job)), ServerJson.Options);
        })
        .Produces<JobJson>()
        .WithSummary("One ingest job.");

        kbs.MapGet("/{kb}/jobs", (HttpContext context, string kb) =>
        {
            var knowledgeBase = KnowledgeBaseAccess.Open(context, kb, KeyScope.Read);
            var caller = Caller.Of(context);
            var jobs = knowledgeBase.Jobs.Recent(50).Where(j => caller.MayRead(j.Tags)).Select(j => JobJson.From(kb, Readable(knowledgeBase, caller, j))).ToList();
            return Results.Json(new JobList(jobs), ServerJson.Options);
        })
        .Produces<JobList>()
        .WithSummary("The 50 most recent ingest jobs, newest first.");
    }

    /// <summary>The job without the names of documents the caller's groups may no longer read (uploaded openly, restricted since).</summary>
    private static IngestJob Readable(KnowledgeBase kb, Caller caller, IngestJob job)
    {
        if (caller.Groups.Count == 0) return job;
        bool Visible(string name) => kb.Documents.Get(name) is not { } doc || caller.MayRead(doc.Tags);
        return job with { Files = job.Files.Where(Visible).ToList(), Failures = job.Failures.Where(f => Visible(f.Source)).ToList() };
    }
}
