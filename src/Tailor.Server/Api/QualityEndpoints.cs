using Tailor.Evaluation.Qa;
using Tailor.Server.Access;

namespace Tailor.Server.Api;

/// <summary>GET /api/kbs/{kb}/quality: the latest <c>tailor eval-qa</c> report kept in the knowledge base (<c>{created_at, report}</c>).</summary>
public static class QualityEndpoints
{
    public static void Map(RouteGroupBuilder kbs)
    {
        kbs.MapGet("/{kb}/quality", (HttpContext context, string kb) =>
        {
            var knowledgeBase = KnowledgeBaseAccess.Open(context, kb, KeyScope.Read);
            // the report quotes questions and answers over every document, so a key limited to groups may not read it
            if (Caller.Of(context).Groups.Count > 0)
                throw new ServerException(403, $"the quality report of \"{kb}\" covers every document; read it with a key that has no --groups.");
            var json = QaReportFile.Read(knowledgeBase.Directory)
                ?? throw ServerException.NotFound($"\"{kb}\" has no quality report yet; run `tailor eval-qa --kb DIR --questions FILE` on it to make one.");
            return Results.Text(json, "application/json; charset=utf-8");
        })
        .WithSummary("The latest question-answering report (tailor eval-qa) of the knowledge base, when one was made.");
    }
}
