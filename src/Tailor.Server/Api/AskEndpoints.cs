using Tailor.Responses;
using Tailor.Server.Access;
using Tailor.Server.Api.Contracts;
using Tailor.Server.Hosting;
using Tailor.Server.Http;
using Tailor.Server.Operations;

namespace Tailor.Server.Api;

/// <summary>
/// POST /api/kbs/{kb}/ask: the same answer as <c>tailor ask --json</c>; with <c>"stream": true</c> a text/event-stream of
/// <c>delta</c> events (<c>{"text"}</c>), one <c>citations</c> event (the whole answer) and a <c>done</c> event.
/// </summary>
public static class AskEndpoints
{
    public sealed record TextDelta(string Text);

    public static void Map(RouteGroupBuilder kbs)
    {
        kbs.MapPost("/{kb}/ask", async (HttpContext context, string kb, AnswerPolicy answers, ServerMetrics metrics, CancellationToken ct) =>
        {
            var knowledgeBase = KnowledgeBaseAccess.Open(context, kb, KeyScope.Read);
            var request = await JsonBody.ReadAsync<AskRequest>(context.Request, ct: ct);
            KnowledgeBaseAccess.Required(request.Question, "question");
            var options = KnowledgeBaseAccess.AskOptions(context, request);
            using var activity = answers.StartActivity();
            if (!request.Stream)
            {
                var answer = await knowledgeBase.AskAsync(request.Question, answers.Model, options, null, answers.Prices, ct);
                metrics.Answered(kb, answer);
                return Results.Json(AnswerResponse.From(answer), ServerJson.Options);
            }
            await StreamAsync(context, ct, onText => knowledgeBase.AskAsync(request.Question, answers.Model, options, onText, answers.Prices, ct),
                answer => { metrics.Answered(kb, answer); return AnswerResponse.From(answer); });
            return Results.Empty;
        })
        .Accepts<AskRequest>("application/json")
        .Produces<AnswerResponse>()
        .Produces(200, contentType: "text/event-stream")
        .WithSummary("Answer a question with cited sources (streamed with \"stream\": true).");
    }

    /// <summary>Sends the answer's text as <c>delta</c> events, then <c>citations</c> with <paramref name="final"/>, then <c>done</c>; a failure becomes an <c>error</c> event.</summary>
    internal static async Task StreamAsync<T>(HttpContext context, CancellationToken ct, Func<Action<string>, Task<Answering.Answer>> produce, Func<Answering.Answer, T> final)
    {
        var events = ServerSentEvents.Start(context.Response);
        try
        {
            var answer = await ServerSentEvents.PumpAsync(produce, piece => events.SendAsync("delta", new TextDelta(piece), ct));
            await events.SendAsync("citations", final(answer), ct);
            await events.SendAsync("done", new { }, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            var (status, detail) = ProblemResponses.Classify(ex);
            await events.SendAsync("error", new { status, detail }, CancellationToken.None);
        }
    }
}
