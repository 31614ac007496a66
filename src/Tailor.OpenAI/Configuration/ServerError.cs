using System.ClientModel;
using System.Text.Json;

namespace Tailor.OpenAI.Configuration;

/// <summary>
/// What a model server said in an error response, read from the body shapes servers use: OpenAI's
/// <c>{"error": {"message", "code"}}</c>, Ollama's <c>{"error": "..."}</c>, and <c>{"message"}</c> or
/// <c>{"detail"}</c> (text-embeddings-inference, FastAPI); any other body is shown as text, shortened.
/// </summary>
public static class ServerError
{
    private const int MaxText = 200;

    /// <summary>The message (null for an empty body) and, when the body has one, the error code.</summary>
    public static (string? Message, string? Code) Read(string? body)
    {
        if (string.IsNullOrWhiteSpace(body)) return (null, null);
        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                string? code = String(root, "code");
                if (root.TryGetProperty("error", out var error))
                {
                    if (error.ValueKind == JsonValueKind.String) return (error.GetString(), code);
                    if (error.ValueKind == JsonValueKind.Object)
                    {
                        code = String(error, "code") ?? code;
                        if (String(error, "message") is { } message) return (message, code);
                    }
                }
                if ((String(root, "message") ?? String(root, "detail")) is { } said) return (said, code);
                if (code is not null) return (Shorten(body), code);
            }
        }
        catch (JsonException)
        {
            // not JSON: shown as text below
        }
        return (Shorten(body), null);
    }

    private static string Shorten(string body)
    {
        var flat = body.ReplaceLineEndings(" ").Trim();
        return flat.Length > MaxText ? flat[..MaxText] + "…" : flat;
    }

    /// <summary>The message of the response carried by <paramref name="ex"/>, or null when it has no body.</summary>
    public static string? MessageOf(ClientResultException ex)
    {
        string? body;
        try { body = ex.GetRawResponse()?.Content?.ToString(); }
        catch (InvalidOperationException) { return null; } // a streamed body that was not buffered
        return Read(body).Message;
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
