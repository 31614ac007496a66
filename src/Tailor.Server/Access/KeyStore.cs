using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Tailor.Storage;

namespace Tailor.Server.Access;

/// <summary>
/// The keys that guard what a server serves: name, scope, groups, the knowledge base a key is limited to, and the SHA-256
/// of the key (the key itself is shown once, when created, and never stored). They live in the store of the data they
/// guard (<see cref="IKeyRecords"/>), so every server on one database accepts the same keys: a <c>--kb</c> knowledge
/// base's store, or the database given for a <c>--data</c> folder; else <c>keys.json</c> in the folder. A
/// <c>keys.json</c> left beside a store (by an older Tailor, or before the knowledge base was created) is imported into
/// it once and renamed <c>keys.json.imported</c>.
/// </summary>
/// <remarks>
/// Requests are checked against the keys held in memory: no database round trip per request. <see cref="Refresh"/>
/// (the server calls it about once a second) reads the store's key version and reloads the keys when it moved; a change
/// made through any <see cref="KeyStore"/> of the same folder in this process is seen at once.
/// </remarks>
public sealed class KeyStore : IDisposable
{
    public const string FileName = "keys.json";

    /// <summary>What an imported <c>keys.json</c> is renamed to.</summary>
    public const string ImportedFileName = "keys.json.imported";

    private const string KeyPrefix = "tk_";

    /// <summary>Per folder, a counter moved by every change made through a <see cref="KeyStore"/> of this process.</summary>
    private static readonly ConcurrentDictionary<string, long> LocalChanges = new(StringComparer.Ordinal);

    private readonly string _directory;
    private readonly Action<string> _notice;
    private readonly KeyFile _file;
    private readonly object _gate = new();
    private volatile IKnowledgeStore? _store;
    private volatile Loaded _loaded = new([], long.MinValue, 0);
    private long _readAt = Environment.TickCount64; // when the keys were last read from where they live (a monotonic clock)
    private bool _awaitsKnowledgeBase; // a --kb folder that held no knowledge base: its own store takes the keys once it does
    private bool _disposed;

    private sealed record Loaded(IReadOnlyList<ApiKey> Keys, long Version, long LocalChanges);

    /// <summary>
    /// The keys of the knowledge base folder <paramref name="directory"/>: in its store (once it holds a knowledge base);
    /// in its <c>keys.json</c> while it holds none. <paramref name="notice"/> is told of an import (default: stderr).
    /// </summary>
    public KeyStore(string directory, Action<string>? notice = null)
        : this(directory, knowledgeBase: true, database: null, notice)
    {
    }

    private KeyStore(string directory, bool knowledgeBase, string? database, Action<string>? notice)
    {
        _directory = Path.GetFullPath(directory);
        _notice = notice ?? (message => Console.Error.WriteLine(message));
        _file = new KeyFile(Path.Combine(_directory, FileName));
        if (knowledgeBase && KnowledgeBase.Exists(_directory)) Attach(KnowledgeBase.OpenStore(_directory));
        else
        {
            _awaitsKnowledgeBase = knowledgeBase;
            if (database is not null) Attach(StoreProviders.Open(database, _directory));
        }
        Load(Records.KeysVersion());
    }

    /// <summary>
    /// The keys of what <c>tailor serve</c> serves, one rule for the server and <c>tailor keys</c>: an existing
    /// <paramref name="knowledgeBase"/> keeps them in its own store (its SQLite file, or the database its tailor.json
    /// names); a <paramref name="dataDirectory"/>, or a knowledge base folder not created yet, in the database
    /// <paramref name="database"/> (default: <c>TAILOR_DATABASE_URL</c>) names, the one a new knowledge base is created in;
    /// with neither, in <c>keys.json</c> in the folder (taken into the knowledge base's store once it exists).
    /// </summary>
    public static KeyStore Open(string? knowledgeBase, string? dataDirectory, string? database, Action<string>? notice = null)
    {
        if ((knowledgeBase is null) == (dataDirectory is null))
            throw new ServerException(400, "keys guard either one knowledge base (--kb DIR) or a folder of them (--data DIR), not both or neither.");
        database ??= Environment.GetEnvironmentVariable(KnowledgeBase.DatabaseVariable) is { Length: > 0 } url ? url : null;
        return new KeyStore(knowledgeBase ?? dataDirectory!, knowledgeBase is not null, database, notice);
    }

    /// <summary>Where the keys are: the store's location, or the key file.</summary>
    public string Location => _store?.Location ?? _file.Path;

    /// <summary>True when the keys are in a store (shared by every server on it), false while they are in <c>keys.json</c>.</summary>
    public bool InStore => _store is not null;

    private IKeyRecords Records => (IKeyRecords?)_store ?? _file;

    /// <summary>How long ago the keys were last read from where they live (a <see cref="Refresh"/> that failed does not count).</summary>
    public TimeSpan SinceRead => TimeSpan.FromMilliseconds(Environment.TickCount64 - Interlocked.Read(ref _readAt));

    /// <summary>Every key, revoked ones included, in the order they were created.</summary>
    public IReadOnlyList<ApiKey> List()
    {
        var loaded = _loaded;
        // a change through this process, or (keys.json: as cheap as a stat) by another: read again
        if (LocalChanges.GetValueOrDefault(_directory) != loaded.LocalChanges || (_store is null && _file.KeysVersion() != loaded.Version)) Refresh();
        return _loaded.Keys;
    }

    /// <summary>True when at least one key is active (the server may then listen beyond loopback).</summary>
    public bool AnyActive => List().Any(k => k.IsActive);

    /// <summary>
    /// True once any key was created, revoked ones included: then every request needs an active key. Revoking the last
    /// key refuses everyone (until a new key is created) rather than opening the server to all.
    /// </summary>
    public bool RequiresKeys => List().Count > 0;

    /// <summary>Creates a key; returns the stored record and the key, which is shown once.</summary>
    public (ApiKey Key, string Secret) Create(string name, KeyScope scope, IReadOnlyList<string>? groups = null, string? only = null)
    {
        name = name.Trim();
        if (name.Length == 0 || name.Length > 100 || name.Any(char.IsControl))
            throw new ServerException(400, $"key name \"{name}\" is not usable; use 1 to 100 printable characters, e.g. --name support-bot.");
        var cleanGroups = (groups ?? []).Select(g => g.Trim()).Where(g => g.Length > 0).Distinct(StringComparer.Ordinal).ToList();
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
        Change(records => records.AddKey(key.ToStored()) switch
        {
            KeyConflict.None => true,
            KeyConflict.SameName => throw new ServerException(409, $"an active key is already named \"{name}\"; choose another name or revoke it first (tailor keys revoke {name})."),
            _ => throw new ServerException(500, "the new key collides with a stored one; create it again."),
        });
        return (key, secret);
    }

    /// <summary>Revokes the active key named <paramref name="name"/> (or with that prefix); false when there is none.</summary>
    public bool Revoke(string name) => Change(records => records.RevokeKey(name, DateTimeOffset.UtcNow));

    /// <summary>The active key whose hash matches <paramref name="secret"/>, or null.</summary>
    public ApiKey? Find(string secret)
    {
        var hash = Encoding.ASCII.GetBytes(HashOf(secret));
        foreach (var key in List())
            if (key.IsActive && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(key.Hash), hash)) return key;
        return null;
    }

    public static string HashOf(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>
    /// Reads the key version and reloads the keys when it moved (one cheap query on a store); takes <c>keys.json</c> into
    /// the knowledge base's store once the folder holds one. Throws when the store cannot be read (the keys read last stay).
    /// </summary>
    public void Refresh()
    {
        lock (_gate)
        {
            if (_disposed) return;
            bool attached = AttachKnowledgeBase();
            long version = Records.KeysVersion();
            var loaded = _loaded;
            if (attached || version != loaded.Version || LocalChanges.GetValueOrDefault(_directory) != loaded.LocalChanges) Load(version);
            Interlocked.Exchange(ref _readAt, Environment.TickCount64);
        }
    }

    /// <summary>Makes a change where the keys live now, then tells this process's other key stores of the folder and reads the keys again.</summary>
    private bool Change(Func<IKeyRecords, bool> change)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            AttachKnowledgeBase();
            if (!change(Records)) return false;
            LocalChanges.AddOrUpdate(_directory, 1, (_, n) => n + 1);
            Load(Records.KeysVersion());
            return true;
        }
    }

    /// <summary>Reads the keys (the version first: a change in between is read again next time).</summary>
    private void Load(long version)
    {
        long local = LocalChanges.GetValueOrDefault(_directory);
        var keys = Records.ListKeys().Select(ApiKey.From).OfType<ApiKey>().ToList();
        _loaded = new Loaded(keys, version, local);
        Interlocked.Exchange(ref _readAt, Environment.TickCount64);
    }

    /// <summary>Once the awaited knowledge base exists, keeps the keys in its store; true when it did so now.</summary>
    private bool AttachKnowledgeBase()
    {
        if (!_awaitsKnowledgeBase || !KnowledgeBase.Exists(_directory)) return false;
        Attach(KnowledgeBase.OpenStore(_directory));
        _awaitsKnowledgeBase = false;
        return true;
    }

    /// <summary>
    /// Keeps the keys in <paramref name="store"/> from now on: the keys of the store used so far (another database) are
    /// copied into it, and a <c>keys.json</c> found in the folder is imported once and renamed.
    /// </summary>
    private void Attach(IKnowledgeStore store)
    {
        var previous = _store;
        try
        {
            if (previous is not null && previous.Location != store.Location)
            {
                var (added, present, renamed) = Copy(previous, store);
                _notice($"tailor: copied {added} key(s) from {previous.Location} into {store.Location}, the store of the knowledge base in {_directory}{Details(present, renamed)}; its keys are kept there now.");
            }
            if (_file.Exists)
            {
                var (added, present, renamed) = Copy(_file, store);
                try
                {
                    File.Move(_file.Path, Path.Combine(_directory, ImportedFileName), overwrite: true);
                }
                catch (FileNotFoundException)
                {
                    // another process imported it at the same time (its keys are stored once: by their hash)
                }
                _notice($"tailor: imported {added} key(s) from {_file.Path} into {store.Location}{Details(present, renamed)}; the keys are kept there now, and the file is renamed {ImportedFileName}.");
            }
        }
        catch
        {
            store.Dispose();
            throw;
        }
        _store = store;
        previous?.Dispose();
        LocalChanges.AddOrUpdate(_directory, 1, (_, n) => n + 1);
    }

    private static string Details(int present, List<string> renamed) =>
        (present > 0 ? $" ({present} were there already)" : "") + (renamed.Count > 0 ? $", {string.Join(", ", renamed)} (an active key had the name)" : "");

    /// <summary>Adds every key of <paramref name="from"/> to <paramref name="to"/> (a key stored already, by its hash, once).</summary>
    private static (int Added, int Present, List<string> Renamed) Copy(IKeyRecords from, IKeyRecords to)
    {
        int added = 0, present = 0;
        var renamed = new List<string>();
        foreach (var key in from.ListKeys())
        {
            var conflict = to.AddKey(key);
            // an active key of another server's file may have the same name: it keeps working under a name of its own
            for (int n = 1; conflict == KeyConflict.SameName; n++)
            {
                var name = n == 1 ? key.Name + "-imported" : $"{key.Name}-imported-{n}";
                conflict = to.AddKey(key with { Name = name });
                if (conflict == KeyConflict.None) renamed.Add($"\"{key.Name}\" as \"{name}\"");
            }
            if (conflict == KeyConflict.None) added++;
            else present++;
        }
        return (added, present, renamed);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            _store?.Dispose();
        }
    }
}
