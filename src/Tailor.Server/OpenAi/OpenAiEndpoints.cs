using System.Runtime.InteropServices;
using System.Text.Json;
using Tailor.Answering;
using Tailor.Chat;
using Tailor.Server.Access;
using Tailor.Server.Hosting;
using Tailor.Server.Http;
using Tailor.Server.Operations;
using Tailor.Tokenization;

namespace Tailor.Server.OpenAi;

/// <summary>
/// OpenAI-compatible endpoints, so any OpenAI client can use a knowledge base as a model: <c>GET /v1/models</c> (one per
/// knowledge base), <c>POST /v1/chat/completions</c> (the last user message is the question, earlier messages the
/// conversation; the answer cites <c>[n]</c> and the message carries <c>sources</c>; streamed as
/// <c>chat.completion.chunk</c> events ending with <c>[DONE]</c>), <c>POST /v1/embeddings</c> (the knowledge base's embedder).
/// </summary>
public static class OpenAiEndpoints
{
    public const string ModelPrefix = "tailor/";

    public static void Map(IEndpointRouteBuilder app)
    {
        var v1 = app.MapGroup("/v1").WithTags("OpenAI-compatible");
        v1.MapGet("/models", (HttpContext context, KnowledgeBaseRegistry registry) =>
        {
            var caller = Caller.Of(context);
            caller.Require(KeyScope.Read);
            var created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            var data = registry.All.Where(s => caller.MaySee(s.Name)).Select(s => new { id = s.Name, @object = "model", created, owned_by = "tailor" }).ToList();
            return Results.Json(new { @object = "list", data }, ServerJson.Options);
        }).WithSummary("One model per knowledge base.");

        v1.MapPost("/chat/completions", ChatAsync).Accepts<ChatCompletionRequest>("application/json").WithSummary("A grounded, cited answer from the knowledge base named by model.");
        v1.MapPost("/embeddings", EmbedAsync).Accepts<EmbeddingRequest>("application/json").WithSummary("Embeddings from the knowledge base's embedder.");
    }

    private static ServedKnowledgeBase Resolve(HttpContext context, string model)
    {
        var name = model.StartsWith(ModelPrefix, StringComparison.Ordinal) ? model[ModelPrefix.Length..] : model;
        Caller.Of(context).Require(KeyScope.Read, name);
        var registry = context.RequestServices.GetRequiredService<KnowledgeBaseRegistry>();
        try { return registry.Get(name); }
        catch (ServerException) { throw ServerException.NotFound($"field \"model\": no knowledge base is named \"{model}\"; GET /v1/models lists them."); }
    }

    private static async Task<IResult> ChatAsync(HttpContext context, AnswerPolicy answers, ServerMetrics metrics, CancellationToken ct)
    {
        var request = await JsonBody.ReadAsync<ChatCompletionRequest>(context.Request, ServerJson.Lenient, ct);
        var served = Resolve(context, request.Model);
        var kb = served.Open;
        int last = -1;
        for (int i = request.Messages.Count - 1; i >= 0; i--)
            if (request.Messages[i].Role == "user") { last = i; break; }
        if (last < 0 || string.IsNullOrWhiteSpace(request.Messages[last].Text()))
            throw ServerException.BadRequest("field \"messages\" has no user message with text; the last user message is the question.");
        var question = request.Messages[last].Text();
        var history = request.Messages.Take(last)
            .Where(m => m.Role is "user" or "assistant")
            .Select(m => new ChatMessage(m.Role == "user" ? ChatRole.User : ChatRole.Assistant, m.Text()))
            .Where(m => m.Content.Length > 0).ToList();
        var ask = new AskOptions { Filter = Caller.Of(context).Restrict(null) };
        var hits = (await kb.SearchAsync(question, ask.ToSearchOptions(), ct)).Hits;
        var id = "chatcmpl-" + Guid.NewGuid().ToString("N")[..24];
        var created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var model = served.Name;
        if (!request.Stream)
        {
            var answer = await kb.AnswerAsync(question, hits, history, answers.Model, ask, null, answers.Prices, ct);
            metrics.Answered(served.Name, answer);
            var usage = Usage(answer, question);
            return Results.Json(new
            {
                id,
                @object = "chat.completion",
                created,
                model,
                choices = new[] { new { index = 0, message = new { role = "assistant", content = answer.Text, sources = Sources(answer) }, finish_reason = "stop" } },
                usage,
            }, ServerJson.Options);
        }
        var events = ServerSentEvents.Start(context.Response);
        await events.SendAsync(null, Chunk(id, created, model, new { role = "assistant", content = "" }, null), ct);
        try
        {
            var answer = await ServerSentEvents.PumpAsync(onText => kb.AnswerAsync(question, hits, history, answers.Model, ask, onText, answers.Prices, ct),
                piece => events.SendAsync(null, Chunk(id, created, model, new { content = piece }, null), ct));
            metrics.Answered(served.Name, answer);
            await events.SendAsync(null, new
            {
                id,
                @object = "chat.completion.chunk",
                created,
                model,
                choices = new[] { new { index = 0, delta = new { sources = Sources(answer) }, finish_reason = "stop" } },
                usage = Usage(answer, question),
            }, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            var (status, detail) = ProblemResponses.Classify(ex);
            await events.SendAsync(null, new { error = new { message = detail, type = status >= 500 ? "server_error" : "invalid_request_error", code = status } }, CancellationToken.None);
        }
        await events.SendRawAsync("[DONE]", CancellationToken.None);
        return Results.Empty;
    }

    private static object Chunk(string id, long created, string model, object delta, string? finish) => new
    {
        id,
        @object = "chat.completion.chunk",
        created,
        model,
        choices = new[] { new { index = 0, delta, finish_reason = finish } },
    };

    private static IReadOnlyList<object> Sources(Answer answer) =>
        answer.Citations.Select(c => (object)new { n = c.N, document_id = c.DocumentId, source = c.Source, link = c.Link, quote = c.Quote }).ToList();

    private static object Usage(Answer answer, string question)
    {
        var usage = answer.Usage ?? new ChatUsage(EstimatingTokenCounter.Instance.CountTokens(question), EstimatingTokenCounter.Instance.CountTokens(answer.Text), Estimated: true);
        return new { prompt_tokens = usage.InputTokens, completion_tokens = usage.OutputTokens, total_tokens = usage.InputTokens + usage.OutputTokens };
    }

    private static async Task<IResult> EmbedAsync(HttpContext context, CancellationToken ct)
    {
        var request = await JsonBody.ReadAsync<EmbeddingRequest>(context.Request, ServerJson.Lenient, ct);
        var served = Resolve(context, request.Model);
        List<string> inputs = request.Input.ValueKind switch
        {
            JsonValueKind.String => [request.Input.GetString()!],
            JsonValueKind.Array when request.Input.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String) => request.Input.EnumerateArray().Select(e => e.GetString()!).ToList(),
            _ => throw ServerException.BadRequest("field \"input\" must be a string or an array of strings (token arrays are not supported)."),
        };
        if (inputs.Count == 0 || inputs.Count > 2048) throw ServerException.BadRequest($"field \"input\" has {inputs.Count} texts; send 1 to 2048.");
        bool base64 = request.EncodingFormat switch
        {
            null or "float" => false,
            "base64" => true,
            _ => throw ServerException.BadRequest($"field \"encoding_format\" is \"{request.EncodingFormat}\"; use float or base64."),
        };
        var embedder = served.Open.Embedder
            ?? throw ServerException.Conflict($"the knowledge base \"{served.Name}\" has no embeddings yet (it needs at least a few documents for the built-in embedder); upload documents first.");
        var vectors = await embedder.EmbedDocumentsAsync(inputs, ct);
        var data = vectors.Select((v, i) => new { @object = "embedding", index = i, embedding = base64 ? (object)Convert.ToBase64String(MemoryMarshal.AsBytes(v.AsSpan())) : v }).ToList();
        int tokens = inputs.Sum(t => EstimatingTokenCounter.Instance.CountTokens(t));
        return Results.Json(new { @object = "list", data, model = served.Name, usage = new { prompt_tokens = tokens, total_tokens = tokens } }, ServerJson.Options);
    }
}
