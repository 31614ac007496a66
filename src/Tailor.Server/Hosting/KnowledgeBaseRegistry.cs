using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Tailor.Embedding;
using Tailor.Storage;

namespace Tailor.Server.Hosting;

/// <summary>
/// The knowledge bases a server serves: with <c>--kb DIR</c> one, named by its folder; with <c>--data DIR</c> every
/// subfolder holding one, and new ones created there. Each is opened once, in the background (<c>/readyz</c> is false
/// until all are open). A database holds one knowledge base (its documents and manifest are shared by every folder on it),
/// so a knowledge base is created in the server's database only while no served one is there already.
/// </summary>
public sealed partial class KnowledgeBaseRegistry : IDisposable
{
    private readonly ConcurrentDictionary<string, ServedKnowledgeBase> _served = new(StringComparer.Ordinal);
    private readonly string? _dataDirectory;
    private readonly IEmbedder? _embedder;
    private readonly string? _database;
    private readonly object _creating = new(); // one create at a time: two must not both find the database free

    public KnowledgeBaseRegistry(ServerOptions options)
    {
        _embedder = options.Embedder;
        _database = options.Database;
        if (options.DataDirectory is { } data)
        {
            _dataDirectory = Path.GetFullPath(data);
            System.IO.Directory.CreateDirectory(_dataDirectory);
            foreach (var dir in System.IO.Directory.GetDirectories(_dataDirectory).Order(StringComparer.Ordinal))
            {
                var name = Path.GetFileName(dir);
                if (KnowledgeBase.Exists(dir) && IsValidName(name)) _served[name] = new ServedKnowledgeBase(name, dir);
            }
        }
        else
        {
            var dir = Path.GetFullPath(options.KnowledgeBase!);
            var name = NameOf(dir);
            _served[name] = new ServedKnowledgeBase(name, dir);
        }
    }

    /// <summary>Raised when a knowledge base has been opened (the ingest worker starts on its queue).</summary>
    public event Action<ServedKnowledgeBase>? Opened;

    public IReadOnlyList<ServedKnowledgeBase> All => _served.Values.OrderBy(s => s.Name, StringComparer.Ordinal).ToList();

    /// <summary>True when every knowledge base is open.</summary>
    public bool Ready => _served.Values.All(s => s.IsOpen);

    public bool ServesManyKnowledgeBases => _dataDirectory != null;

    /// <summary>Opens every knowledge base in the background.</summary>
    public void OpenAll()
    {
        foreach (var served in _served.Values) OpenInBackground(served);
    }

    /// <summary>The knowledge base named <paramref name="name"/>; 404 when none is.</summary>
    public ServedKnowledgeBase Get(string name) =>
        _served.TryGetValue(name, out var served) && !served.Deleting ? served
        : throw ServerException.NotFound($"no knowledge base is named \"{name}\"; GET /api/kbs lists them{(ServesManyKnowledgeBases ? ", POST /api/kbs creates one" : "")}.");

    /// <summary>
    /// Creates a knowledge base in the data folder: in the server's database (<c>--database</c>, else <c>TAILOR_DATABASE_URL</c>)
    /// when one is given and no served knowledge base is in it already (409 when one is), else in SQLite in its folder.
    /// </summary>
    public ServedKnowledgeBase Create(string name)
    {
        if (_dataDirectory is null)
            throw ServerException.Conflict("this server serves one knowledge base (--kb); start it with --data DIR to create more.");
        if (!IsValidName(name))
            throw ServerException.BadRequest($"field \"name\": \"{name}\" is not a usable knowledge base name; use 1 to 64 lowercase letters, digits, '-', '_' or '.', starting with a letter or digit.");
        lock (_creating)
        {
            if (_served.ContainsKey(name))
                throw ServerException.Conflict($"a knowledge base is already named \"{name}\"; choose another name.");
            var directory = Path.Combine(_dataDirectory, name);
            var database = _database ?? (Environment.GetEnvironmentVariable(KnowledgeBase.DatabaseVariable) is { Length: > 0 } url ? url : null);
            if (database is not null) EnsureDatabaseFree(name, directory, database);
            var served = new ServedKnowledgeBase(name, directory);
            if (!_served.TryAdd(name, served))
                throw ServerException.Conflict($"a knowledge base is already named \"{name}\"; choose another name.");
            served.OpenNow(_embedder, _database);
            if (served.Error is { } error)
            {
                _served.TryRemove(name, out _);
                throw new ServerException(500, $"the knowledge base \"{name}\" could not be created: {error}");
            }
            Opened?.Invoke(served);
            return served;
        }
    }

    /// <summary>409 when a served knowledge base already lives in <paramref name="database"/>: the new one would share its documents.</summary>
    private void EnsureDatabaseFree(string name, string directory, string database)
    {
        var used = _served.Values.Where(s => !s.Deleting).Select(s => (s.Name, Database: DatabaseOf(s))).Where(s => s.Database is not null).ToList();
        if (used.Count == 0) return;
        string location;
        using (var store = StoreProviders.Open(database, directory)) location = store.Location; // as the manifest records it: without the password
        if (used.FirstOrDefault(s => string.Equals(s.Database, location, StringComparison.Ordinal)) is { Name: { } other })
            throw ServerException.Conflict($"the knowledge base \"{other}\" is already in the database {location}, and one database holds one knowledge base (\"{name}\" would share its documents); " +
                $"give \"{name}\" a database of its own (serve it with `tailor serve --kb DIR --database URL`), or create it in SQLite: start this server without --database and {KnowledgeBase.DatabaseVariable}.");
    }

    /// <summary>The database a served knowledge base lives in (as its manifest records it), or null for SQLite.</summary>
    private static string? DatabaseOf(ServedKnowledgeBase served)
    {
        if (served.IsOpen) return served.Open.Options.Database;
        try
        {
            return Manifest.Exists(served.Directory) ? Manifest.Read(served.Directory).Database : null;
        }
        catch (Exception ex) when (ex is IOException or TailorException)
        {
            return null; // its manifest cannot be read: it is not served from any database
        }
    }

    /// <summary>Deletes a knowledge base and its folder, after the running write finishes.</summary>
    public async Task DeleteAsync(string name, CancellationToken ct)
    {
        var served = Get(name);
        if (_dataDirectory is null)
            throw ServerException.Conflict("this server serves one knowledge base (--kb); delete its folder while the server is stopped instead.");
        await served.WriteGate.WaitAsync(ct);
        served.Deleting = true;
        _served.TryRemove(name, out _);
        served.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        System.IO.Directory.Delete(served.Directory, recursive: true);
    }

    private void OpenInBackground(ServedKnowledgeBase served) => _ = Task.Run(() =>
    {
        served.OpenNow(_embedder, _database);
        if (served.IsOpen) Opened?.Invoke(served);
    });

    /// <summary>A knowledge base's name from its folder (".tailor" is "tailor").</summary>
    public static string NameOf(string directory)
    {
        var name = Path.GetFileName(Path.TrimEndingDirectorySeparator(directory)).TrimStart('.').ToLowerInvariant();
        return name.Length == 0 ? "default" : name;
    }

    public static bool IsValidName(string name) => NamePattern().IsMatch(name);

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,63}$")]
    private static partial Regex NamePattern();

    public void Dispose()
    {
        foreach (var served in _served.Values) served.Dispose();
    }
}
