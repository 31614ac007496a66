using System.Text.Json;
using System.Text.Json.Serialization;
using Tailor.Storage;

namespace Tailor.Server.Access;

/// <summary>
/// Keys in <c>keys.json</c>, for a folder with no store of its own: a <c>--data</c> folder without a database, or a
/// <c>--kb</c> folder before its knowledge base is created (its keys then move into the store). Its version is the file's
/// time stamp and length, so a change by another process is seen at the cost of a stat.
/// </summary>
internal sealed class KeyFile(string path) : IKeyRecords
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public string Path => path;

    public bool Exists => File.Exists(path);

    public KeyConflict AddKey(StoredKey key)
    {
        var keys = Read();
        if (keys.Any(k => k.Hash == key.Hash)) return KeyConflict.SameHash;
        if (key.IsActive && keys.Any(k => k.IsActive && k.Name == key.Name)) return KeyConflict.SameName;
        if (ApiKey.From(key) is not { } added) throw new ServerException(400, $"key \"{key.Name}\": scope \"{key.Scope}\" is not read, write or admin.");
        Write([.. keys, added]);
        return KeyConflict.None;
    }

    public List<StoredKey> ListKeys() => Read().Select(k => k.ToStored()).ToList();

    public bool RevokeKey(string nameOrPrefix, DateTimeOffset at)
    {
        var keys = Read();
        int i = keys.FindIndex(k => k.IsActive && (k.Name == nameOrPrefix || k.Prefix == nameOrPrefix));
        if (i < 0) return false;
        keys[i] = keys[i] with { Revoked = at };
        Write(keys);
        return true;
    }

    public long KeysVersion()
    {
        var file = new FileInfo(path);
        return file.Exists ? file.LastWriteTimeUtc.Ticks ^ (file.Length << 40) : 0;
    }

    private List<ApiKey> Read()
    {
        if (!File.Exists(path)) return [];
        try
        {
            return JsonSerializer.Deserialize<List<ApiKey>>(File.ReadAllText(path), Json) ?? [];
        }
        catch (FileNotFoundException)
        {
            return []; // moved into a store meanwhile
        }
        catch (JsonException ex)
        {
            throw new ServerException(500, $"{path}: the key file is damaged ({ex.Message}); restore it from a backup, or delete it and create the keys again.", ex);
        }
    }

    private void Write(IReadOnlyList<ApiKey> keys)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        AtomicFile.WriteAllText(path, JsonSerializer.Serialize(keys, Json));
    }
}
