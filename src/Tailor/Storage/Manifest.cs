using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tailor.Storage;

/// <summary>
/// Reads and writes <c>tailor.json</c>, the saved <see cref="KnowledgeBaseOptions"/> of a knowledge base; for a store that
/// keeps it too (<see cref="ISharedManifest"/>: PostgreSQL), also the copy in the database, which every folder on it adopts.
/// </summary>
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

    public static KnowledgeBaseOptions Read(string directory) => Parse(File.ReadAllText(Path.Combine(directory, FileName)), Path.Combine(directory, FileName));

    /// <summary>
    /// The options the store records (null when it keeps none, or none yet), with the folder's <paramref name="database"/>
    /// location: the store's copy is the one every folder on it shares.
    /// </summary>
    public static KnowledgeBaseOptions? ReadShared(IKnowledgeStore store, string? database) =>
        store is ISharedManifest shared && shared.ReadManifest() is { } json ? Parse(json, $"{store.Location} (its manifest)") with { Database = database } : null;

    private static KnowledgeBaseOptions Parse(string json, string path)
    {
        KnowledgeBaseOptions? options;
        try
        {
            options = JsonSerializer.Deserialize<KnowledgeBaseOptions>(json, Json);
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
    public static void Write(string directory, KnowledgeBaseOptions options, IKnowledgeStore? store = null)
    {
        var path = Path.Combine(directory, FileName);
        var json = JsonSerializer.Serialize(options, Json) + "\n";
        if (store is ISharedManifest shared) shared.WriteManifest(json); // the database first: a folder's copy never runs ahead of it
        AtomicFile.WriteAllText(path, json);
    }

    /// <summary>True when the two options would be saved the same.</summary>
    public static bool Same(KnowledgeBaseOptions a, KnowledgeBaseOptions b) => JsonSerializer.Serialize(a, Json) == JsonSerializer.Serialize(b, Json);
}
