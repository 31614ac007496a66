using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tailor.Storage;

/// <summary>Reads and writes <c>tailor.json</c>, the saved <see cref="KnowledgeBaseOptions"/> of a knowledge base.</summary>
public static class Manifest
{
    public const string FileName = "tailor.json";

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static bool Exists(string directory) => File.Exists(Path.Combine(directory, FileName));

    public static KnowledgeBaseOptions Read(string directory)
    {
        var path = Path.Combine(directory, FileName);
        KnowledgeBaseOptions? options;
        try
        {
            options = JsonSerializer.Deserialize<KnowledgeBaseOptions>(File.ReadAllText(path), Json);
        }
        catch (JsonException ex)
        {
            throw new TailorException($"{path}: the manifest is not valid JSON ({ex.Message}); fix it or restore it from a backup.", ex, TailorErrorKind.Corrupt);
        }
        if (options is null) throw new TailorException($"{path}: the manifest is empty; restore it from a backup.", TailorErrorKind.Corrupt);
        try
        {
            options.Validate();
        }
        catch (TailorException ex)
        {
            throw new TailorException($"{path}: {ex.Message}", ex);
        }
        return options;
    }

    /// <summary>Writes atomically: a temporary file, flushed to disk, then renamed over the old one.</summary>
    public static void Write(string directory, KnowledgeBaseOptions options)
    {
        var path = Path.Combine(directory, FileName);
        AtomicFile.WriteAllText(path, JsonSerializer.Serialize(options, Json) + "\n");
    }
}
