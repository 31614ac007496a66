using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Tailor.Storage;

namespace Tailor.Server.Access;

/// <summary>
/// The keys that guard a data folder, in <c>keys.json</c> beside the data: name, scope, groups, the knowledge
/// base a key is limited to, and the SHA-256 of the key (the key itself is shown once, when created, and never stored).
/// </summary>
public sealed class KeyStore
{
    public const string FileName = "keys.json";
    private const string KeyPrefix = "tk_";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    private readonly string _path;
    private readonly object _gate = new();
    private IReadOnlyList<ApiKey> _keys;
    private DateTime _loadedStamp;

    public KeyStore(string directory)
    {
        _path = Path.Combine(Path.GetFullPath(directory), FileName);
        _keys = Load();
    }

    /// <summary>Every key, revoked ones included, in the order they were created.</summary>
    public IReadOnlyList<ApiKey> List()
    {
        Refresh();
        return _keys;
    }

    /// <summary>True when at least one key is active: then every request needs one.</summary>
    public bool AnyActive => List().Any(k => k.IsActive);

    /// <summary>Creates a key; returns the stored record and the key, which is shown once.</summary>
    public (ApiKey Key, string Secret) Create(string name, KeyScope scope, IReadOnlyList<string>? groups = null, string? only = null)
    {
        name = name.Trim();
        if (name.Length == 0 || name.Length > 100 || name.Any(char.IsControl))
            throw new ServerException(400, $"key name \"{name}\" is not usable; use 1 to 100 printable characters, e.g. --name support-bot.");
        var cleanGroups = (groups ?? []).Select(g => g.Trim()).Where(g => g.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        lock (_gate)
        {
            var keys = Load();
            if (keys.Any(k => k.IsActive && k.Name == name))
                throw new ServerException(409, $"an active key is already named \"{name}\"; choose another name or revoke it first (tailor keys revoke {name}).");
            var secret = KeyPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
            var key = new ApiKey
            {
                Name = name,
                Scope = scope,
                Groups = cleanGroups,
                Only = string.IsNullOrWhiteSpace(only) ? null : only.Trim(),
                Hash = HashOf(secret),
                Prefix = secret[..(KeyPrefix.Length + 6)],
                Created = DateTimeOffset.UtcNow,
            };
            Save([.. keys, key]);
            return (key, secret);
        }
    }

    /// <summary>Revokes the active key named <paramref name="name"/> (or with that prefix); false when there is none.</summary>
    public bool Revoke(string name)
    {
        lock (_gate)
        {
            var keys = Load().ToList();
            int i = keys.FindIndex(k => k.IsActive && (k.Name == name || k.Prefix == name));
            if (i < 0) return false;
            keys[i] = keys[i] with { Revoked = DateTimeOffset.UtcNow };
            Save(keys);
            return true;
        }
    }

    /// <summary>The active key whose hash matches <paramref name="secret"/>, or null.</summary>
    public ApiKey? Find(string secret)
    {
        var hash = Encoding.ASCII.GetBytes(HashOf(secret));
        foreach (var key in List())
            if (key.IsActive && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(key.Hash), hash)) return key;
        return null;
    }

    public static string HashOf(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private void Refresh()
    {
        var stamp = File.Exists(_path) ? File.GetLastWriteTimeUtc(_path) : DateTime.MinValue;
        if (stamp == _loadedStamp) return;
        lock (_gate) _keys = Load();
    }

    private IReadOnlyList<ApiKey> Load()
    {
        _loadedStamp = File.Exists(_path) ? File.GetLastWriteTimeUtc(_path) : DateTime.MinValue;
        if (!File.Exists(_path)) return [];
        try
        {
            return JsonSerializer.Deserialize<List<ApiKey>>(File.ReadAllText(_path), Json) ?? [];
        }
        catch (JsonException ex)
        {
            throw new ServerException(500, $"{_path}: the key file is damaged ({ex.Message}); restore it from a backup, or delete it and create the keys again.", ex);
        }
    }

    private void Save(IReadOnlyList<ApiKey> keys)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        AtomicFile.WriteAllText(_path, JsonSerializer.Serialize(keys, Json));
        _keys = keys;
        _loadedStamp = File.GetLastWriteTimeUtc(_path);
    }
}
