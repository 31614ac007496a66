using System.Text.Json;
using Tailor.Responses;

namespace Tailor.Cli;

/// <summary>The CLI's JSON settings: the library's response settings (<see cref="ResponseJson"/>), indented.</summary>
internal static class CliJson
{
    public static readonly JsonSerializerOptions Options = new(ResponseJson.Options) { WriteIndented = true };

    public static void Write<T>(T value) => Console.Out.WriteLine(JsonSerializer.Serialize(value, Options));
}
