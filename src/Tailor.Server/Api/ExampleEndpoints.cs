using Tailor.Server.Access;
using Tailor.Server.Api.Contracts;
using Tailor.Server.Http;

namespace Tailor.Server.Api;

/// <summary>Few-shot examples, as <c>tailor examples</c> has them: import (a JSON Lines body), list, select for a question.</summary>
public static class ExampleEndpoints
{
    public sealed record ExampleJson(string Id, string Input, string Output);

    public sealed record ExampleList(IReadOnlyList<ExampleJson> Examples, int Count);

    public sealed record ImportResult(int Added, int Duplicates, int Lines);

    public sealed record SelectedJson(string Id, double Similarity, string Input, string Output);

    public sealed record Selection(string Method, IReadOnlyList<SelectedJson> Examples);

    public static void Map(RouteGroupBuilder kbs)
    {
        kbs.MapPost("/{kb}/examples", async (HttpContext context, string kb, CancellationToken ct) =>
        {
            var knowledgeBase = KnowledgeBaseAccess.Open(context, kb, KeyScope.Write);
            var temp = Path.Combine(Path.GetTempPath(), $"tailor-examples-{Guid.NewGuid():N}.jsonl");
            try
            {
                await using (var file = File.Create(temp)) await context.Request.Body.CopyToAsync(file, ct);
                if (new FileInfo(temp).Length == 0) throw ServerException.BadRequest("the body is empty; send JSON Lines, one example per line: {\"input\", \"output\"}.");
                var result = knowledgeBase.Examples.Import(temp);
                return Results.Json(new ImportResult(result.Added, result.Duplicates, result.Lines), ServerJson.Options);
            }
            finally
            {
                File.Delete(temp);
            }
        })
        .Accepts<string>("application/x-ndjson")
        .Produces<ImportResult>()
        .WithSummary("Import examples from a JSON Lines body ({input, output}, {question, answer}, {prompt, completion} or {messages}; an optional \"document\" names the document an example was drawn from).");

        kbs.MapGet("/{kb}/examples", (HttpContext context, string kb) =>
        {
            var knowledgeBase = KnowledgeBaseAccess.Open(context, kb, KeyScope.Read);
            var examples = knowledgeBase.Examples.List(Caller.Of(context).Groups).Select(e => new ExampleJson(e.Id, e.Input, e.Output)).ToList();
            return Results.Json(new ExampleList(examples, examples.Count), ServerJson.Options);
        })
        .Produces<ExampleList>()
        .WithSummary("List the stored examples the key may see (an example drawn from a document its groups cannot read is left out).");

        kbs.MapPost("/{kb}/examples/select", async (HttpContext context, string kb, CancellationToken ct) =>
        {
            var knowledgeBase = KnowledgeBaseAccess.Open(context, kb, KeyScope.Read);
            var request = await JsonBody.ReadAsync<ExampleSelectRequest>(context.Request, ct: ct);
            if (request.K is < 1 or > 100) throw ServerException.BadRequest($"field \"k\" is {request.K}; use 1 to 100.");
            KnowledgeBaseAccess.Required(request.Question, "question");
            var selector = knowledgeBase.ExampleSelector();
            var picks = await selector.SelectAsync(request.Question, request.K, request.Lambda, Caller.Of(context).Groups, ct);
            return Results.Json(new Selection(selector.Method, picks.Select(p => new SelectedJson(p.Example.Id, Math.Round(p.Similarity, 6), p.Example.Input, p.Example.Output)).ToList()), ServerJson.Options);
        })
        .Accepts<ExampleSelectRequest>("application/json")
        .Produces<Selection>()
        .WithSummary("Which examples a chat model would be shown for a question.");
    }
}
