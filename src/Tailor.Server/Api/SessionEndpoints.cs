using Tailor.Responses;
using Tailor.Server.Access;
using Tailor.Server.Api.Contracts;
using Tailor.Server.Hosting;
using Tailor.Server.Http;
using Tailor.Server.Operations;
using Tailor.Sessions;
using Tailor.Storage;

namespace Tailor.Server.Api;

/// <summary>
/// Chat sessions, as <c>tailor chat</c> and <c>tailor sessions</c> have them: create, list, one turn (streamed or not),
/// history, rename, delete. Sessions are scoped by key: a key sees only the sessions created with it.
/// </summary>
public static class SessionEndpoints
{
    public sealed record SessionJson(string Name, int Messages, DateTimeOffset? Created, DateTimeOffset? Updated);

    public sealed record SessionList(IReadOnlyList<SessionJson> Sessions, int Count);

    public sealed record MessageJson(string Role, string Content, IReadOnlyList<CitationResponse> Citations, DateTimeOffset Created);

    public sealed record History(string Session, IReadOnlyList<MessageJson> Messages);

    public static void Map(RouteGroupBuilder kbs)
    {
        kbs.MapPost("/{kb}/sessions", async (HttpContext context, string kb, CancellationToken ct) =>
        {
            var knowledgeBase = KnowledgeBaseAccess.Open(context, kb, KeyScope.Read);
            var request = await JsonBody.ReadAsync<NameRequest>(context.Request, ct: ct);
            var stored = StoredName(context, request.Name);
            var existing = knowledgeBase.Sessions.List().FirstOrDefault(s => s.Name == stored);
            if (existing != null) throw ServerException.Conflict($"a session is already named \"{request.Name}\"; continue it with POST /api/kbs/{kb}/sessions/{request.Name}/turns or choose another name.");
            return Results.Json(new SessionJson(request.Name.Trim(), 0, null, null), ServerJson.Options, statusCode: 201);
        })
        .Accepts<NameRequest>("application/json")
        .Produces<SessionJson>(201)
        .WithSummary("Create a session (stored with its first turn).");

        kbs.MapGet("/{kb}/sessions", (HttpContext context, string kb) =>
        {
            var knowledgeBase = KnowledgeBaseAccess.Open(context, kb, KeyScope.Read);
            var prefix = Prefix(context);
            var sessions = knowledgeBase.Sessions.List()
                .Where(s => s.Name.StartsWith(prefix, StringComparison.Ordinal) && (prefix.Length > 0 || !s.Name.StartsWith("key-", StringComparison.Ordinal) || !s.Name.Contains('/')))
                .Select(s => new SessionJson(s.Name[prefix.Length..], s.Messages, s.Created, s.Updated)).ToList();
            return Results.Json(new SessionList(sessions, sessions.Count), ServerJson.Options);
        })
        .Produces<SessionList>()
        .WithSummary("List sessions, most recently used first.");

        kbs.MapPost("/{kb}/sessions/{name}/turns", async (HttpContext context, string kb, string name, AnswerPolicy answers, ServerMetrics metrics, SessionGates gates, CancellationToken ct) =>
        {
            var knowledgeBase = KnowledgeBaseAccess.Open(context, kb, KeyScope.Read);
            var request = await JsonBody.ReadAsync<TurnRequest>(context.Request, ct: ct);
            KnowledgeBaseAccess.Required(request.Question, "question");
            var options = new ConversationOptions { Ask = KnowledgeBaseAccess.AskOptions(context, request), HistoryTokens = request.HistoryTokens ?? new ConversationOptions().HistoryTokens };
            var stored = StoredName(context, name);
            using var turnGate = await gates.EnterAsync(kb, stored, ct);
            var conversation = knowledgeBase.OpenConversation(stored, answers.Model, options, prices: answers.Prices);
            if (!request.Stream)
            {
                var turn = await conversation.AskAsync(request.Question, null, ct);
                metrics.Answered(kb, turn.Answer);
                return Results.Json(TurnResponse.From(name, turn), ServerJson.Options);
            }
            ChatTurn? last = null;
            await AskEndpoints.StreamAsync(context, ct, async onText => (last = await conversation.AskAsync(request.Question, onText, ct)).Answer,
                answer => { metrics.Answered(kb, answer); return TurnResponse.From(name, last!); });
            return Results.Empty;
        })
        .Accepts<TurnRequest>("application/json")
        .Produces<TurnResponse>()
        .WithSummary("One turn: the question answered in the context of the session, then stored.");

        kbs.MapGet("/{kb}/sessions/{name}/messages", (HttpContext context, string kb, string name) =>
        {
            var knowledgeBase = KnowledgeBaseAccess.Open(context, kb, KeyScope.Read);
            var stored = StoredName(context, name);
            if (!knowledgeBase.Sessions.List().Any(s => s.Name == stored)) throw NoSession(kb, name);
            var messages = knowledgeBase.Sessions.Messages(stored)
                .Select(m => new MessageJson(m.Role.ToString().ToLowerInvariant(), m.Content, CitationResponse.Group(m.Citations), m.Created)).ToList();
            return Results.Json(new History(name, messages), ServerJson.Options);
        })
        .Produces<History>()
        .WithSummary("A session's messages with their citations.");

        kbs.MapPatch("/{kb}/sessions/{name}", async (HttpContext context, string kb, string name, SessionGates gates, CancellationToken ct) =>
        {
            var knowledgeBase = KnowledgeBaseAccess.Open(context, kb, KeyScope.Read);
            var request = await JsonBody.ReadAsync<NameRequest>(context.Request, ct: ct);
            var from = StoredName(context, name);
            var to = StoredName(context, KnowledgeBaseAccess.Required(request.Name, "name"));
            using var turnGate = await gates.EnterAsync(kb, from, ct); // not while a turn of it is answered
            if (!knowledgeBase.Sessions.Rename(from, to)) throw NoSession(kb, name);
            var renamed = knowledgeBase.Sessions.List().First(s => s.Name == to);
            return Results.Json(new SessionJson(request.Name.Trim(), renamed.Messages, renamed.Created, renamed.Updated), ServerJson.Options);
        })
        .Accepts<NameRequest>("application/json")
        .Produces<SessionJson>()
        .WithSummary("Rename a session (body: {\"name\": NEW}); its messages are kept.");

        kbs.MapDelete("/{kb}/sessions/{name}", (HttpContext context, string kb, string name) =>
        {
            var knowledgeBase = KnowledgeBaseAccess.Open(context, kb, KeyScope.Read);
            if (!knowledgeBase.Sessions.Delete(StoredName(context, name))) throw NoSession(kb, name);
            return Results.Json(new { deleted = name }, ServerJson.Options);
        })
        .WithSummary("Delete a session and its messages.");
    }

    /// <summary>The stored name: the key's identity first, so keys never see each other's sessions.</summary>
    private static string StoredName(HttpContext context, string name)
    {
        try { return Prefix(context) + SessionStore.ValidateName(name); }
        catch (TailorException) { throw ServerException.BadRequest($"the session name \"{name}\" is not usable; use 1 to 70 printable characters."); }
    }

    private static string Prefix(HttpContext context) => Caller.Of(context) is { Key: not null } caller ? caller.Identity + "/" : "";

    private static ServerException NoSession(string kb, string name) =>
        ServerException.NotFound($"no session is named \"{name}\" in \"{kb}\"; GET /api/kbs/{kb}/sessions lists them.");
}
