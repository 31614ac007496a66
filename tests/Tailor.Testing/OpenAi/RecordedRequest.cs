using System.Text.Json.Nodes;

namespace Tailor.Testing.OpenAi;

/// <summary>One request the test server received, as it arrived (<c>ReceivedAt</c>: on a monotonic clock, time since the server started).</summary>
public sealed record RecordedRequest(
    string Method,
    string Path,
    string Query,
    IReadOnlyDictionary<string, string> Headers,
    string Body,
    TimeSpan ReceivedAt)
{
    /// <summary>The body parsed as JSON, or null when it is not JSON.</summary>
    public JsonNode? Json
    {
        get
        {
            try { return string.IsNullOrWhiteSpace(Body) ? null : JsonNode.Parse(Body); }
            catch (System.Text.Json.JsonException) { return null; }
        }
    }

    /// <summary>The route without its prefix ("/v1/", Azure's "/openai/deployments/{d}/" or "/openai/"): "chat/completions", "embeddings", ...</summary>
    public string Route => OpenAiTestServer.RouteOf(Path);
}
