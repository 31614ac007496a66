using System.Text.Json;

namespace Tailor.Server.Http;

/// <summary>Reads a JSON request body; malformed JSON, wrong types and unknown fields are answered 400 naming the field.</summary>
public static class JsonBody
{
    public static async Task<T> ReadAsync<T>(HttpRequest request, JsonSerializerOptions? options = null, CancellationToken ct = default) where T : class
    {
        if (request.ContentLength == 0 || (request.ContentLength is null && !request.Headers.TransferEncoding.Any()))
            throw ServerException.BadRequest("the request has no body; send a JSON object (Content-Type: application/json).");
        if (request.ContentType is { } type && !type.Contains("json", StringComparison.OrdinalIgnoreCase))
            throw new ServerException(415, $"the body is {type}; send a JSON object with Content-Type: application/json.");
        T? value;
        try
        {
            value = await JsonSerializer.DeserializeAsync<T>(request.Body, options ?? ServerJson.Options, ct);
        }
        catch (JsonException ex)
        {
            throw ServerException.BadRequest(Describe(ex));
        }
        return value ?? throw ServerException.BadRequest("the body is JSON null; send a JSON object.");
    }

    /// <summary>The field (JSON path without "$.") and what is wrong with it.</summary>
    internal static string Describe(JsonException ex)
    {
        var field = ex.Path is { Length: > 1 } p ? p.TrimStart('$').TrimStart('.') : null;
        var what = ex.Message;
        int cut = what.IndexOf(" Path:", StringComparison.Ordinal);
        if (cut > 0) what = what[..cut];
        if (what.Contains("could not be mapped", StringComparison.Ordinal)) what = "is not a known field; check its spelling against /openapi/v1.json";
        else if (what.Contains("could not be converted", StringComparison.Ordinal)) what = "has the wrong type; check /openapi/v1.json for the expected type";
        else if (what.Contains("missing required properties", StringComparison.Ordinal)) return "the body lacks required fields: " + what[(what.IndexOf(':') + 1)..].Trim().TrimEnd('.') + ".";
        else if (what.Contains("null", StringComparison.Ordinal) && field != null) what = "must not be null";
        else return $"the body is not valid JSON{(field is null ? "" : $" near field \"{field}\"")} (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}: {what.TrimEnd('.')}); send a JSON object.";
        return field is null ? $"the body {what.TrimEnd('.')}; send a JSON object." : $"field \"{field}\" {what.TrimEnd('.')}.";
    }
}
