using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Tailor.Server.Http;

/// <summary>
/// The server's JSON: snake_case names as <c>tailor --json</c> writes them; requests are strict (unknown fields are refused), OpenAI
/// requests lenient; uploaded files are named as uploaded, never by their path on the server (<see cref="PublicSource"/>).
/// </summary>
public static class ServerJson
{
    /// <summary>Responses, and strict requests of the /api endpoints.</summary>
    public static readonly JsonSerializerOptions Options = Create(strict: true);

    /// <summary>Requests of the OpenAI-compatible endpoints, whose clients send fields Tailor does not use.</summary>
    public static readonly JsonSerializerOptions Lenient = Create(strict: false);

    private static JsonSerializerOptions Create(bool strict) => new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        UnmappedMemberHandling = strict ? JsonUnmappedMemberHandling.Disallow : JsonUnmappedMemberHandling.Skip,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        RespectNullableAnnotations = true,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { PublicSource.HideUploadFolders } },
    };
}
