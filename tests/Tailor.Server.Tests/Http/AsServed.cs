using System.Text.Json.Nodes;
using Tailor.Server.Http;

namespace Tailor.Server.Tests.Http;

/// <summary>A JSON answer of the CLI or the library as the server writes it: uploaded files named as uploaded (<see cref="PublicSource"/>).</summary>
internal static class AsServed
{
    public static JsonNode? Of(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj.ToList())
                {
                    if (name is "source" or "link" && value is JsonValue v && v.TryGetValue<string>(out var text)) obj[name] = PublicSource.Of(text);
                    else Of(value);
                }
                break;
            case JsonArray array:
                foreach (var item in array) Of(item);
                break;
        }
        return node;
    }
}
