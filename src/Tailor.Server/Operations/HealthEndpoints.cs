using Tailor.Server.Hosting;
using Tailor.Server.Http;

namespace Tailor.Server.Operations;

/// <summary><c>/healthz</c> (the process answers) and <c>/readyz</c> (every knowledge base is open and its database answers; 503 otherwise).</summary>
public static class HealthEndpoints
{
    public sealed record Readiness(bool Ready, IReadOnlyList<KnowledgeBaseReadiness> KnowledgeBases);

    public sealed record KnowledgeBaseReadiness(string Name, bool Ready, string? Error);

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => Results.Json(new { status = "ok" }, ServerJson.Options)).ExcludeFromDescription();
        app.MapGet("/readyz", (KnowledgeBaseRegistry registry) =>
        {
            var states = registry.All.Select(Check).ToList();
            bool ready = states.All(s => s.Ready);
            return Results.Json(new Readiness(ready, states), ServerJson.Options, statusCode: ready ? 200 : 503);
        }).ExcludeFromDescription();
    }

    private static KnowledgeBaseReadiness Check(ServedKnowledgeBase served)
    {
        if (!served.IsOpen) return new KnowledgeBaseReadiness(served.Name, false, served.Error ?? "opening");
        try
        {
            served.Open.Documents.Count();
            return new KnowledgeBaseReadiness(served.Name, true, null);
        }
        catch (Exception ex) when (ex is Microsoft.Data.Sqlite.SqliteException or IOException or TailorException or ServerException)
        {
            return new KnowledgeBaseReadiness(served.Name, false, $"the store does not answer: {ex.Message}");
        }
    }
}
