using Tailor.Answering;
using Tailor.Server.Access;
using Tailor.Server.Api.Contracts;
using Tailor.Server.Hosting;

namespace Tailor.Server.Api;

/// <summary>What every /api endpoint does first: check the caller's scope on the knowledge base, then find it.</summary>
internal static class KnowledgeBaseAccess
{
    public static ServedKnowledgeBase Served(HttpContext context, string kb, KeyScope scope)
    {
        Caller.Of(context).Require(scope, kb);
        return context.RequestServices.GetRequiredService<KnowledgeBaseRegistry>().Get(kb);
    }

    public static KnowledgeBase Open(HttpContext context, string kb, KeyScope scope) => Served(context, kb, scope).Open;

    /// <summary><paramref name="value"/>, or a 400 naming <paramref name="field"/> when it is empty.</summary>
    public static string Required(string? value, string field) =>
        string.IsNullOrWhiteSpace(value) ? throw ServerException.BadRequest($"field \"{field}\" is empty; send some text.") : value;

    /// <summary>The ask options of a request (k defaults to ask's 6).</summary>
    public static AskOptions AskOptions(HttpContext context, RetrievalRequest request)
    {
        var options = new AskOptions
        {
            K = request.K ?? new AskOptions().K,
            Mode = request.ParsedMode(),
            Filter = Caller.Of(context).Restrict(request.Filter()),
            Mmr = request.Mmr,
        };
        if (options.K is < 1 or > 100) throw ServerException.BadRequest($"field \"k\" is {options.K}; use 1 to 100 chunks.");
        return options;
    }
}
