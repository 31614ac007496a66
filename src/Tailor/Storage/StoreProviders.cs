namespace Tailor.Storage;

/// <summary>
/// Opens stores that live outside the knowledge base folder, by connection string (PostgreSQL: registered
/// by Tailor.Postgres). Hosts register the providers they ship; the core itself opens only SQLite.
/// </summary>
public static class StoreProviders
{
    private static readonly List<(Func<string, bool> Accepts, Func<string, IKnowledgeStore> Open)> Providers = [];

    /// <summary>Adds a provider for the connection strings <paramref name="accepts"/> recognizes (once per kind).</summary>
    public static void Register(Func<string, bool> accepts, Func<string, IKnowledgeStore> open)
    {
        lock (Providers) Providers.Add((accepts, open));
    }

    /// <summary>Opens the store <paramref name="connectionString"/> names; a clear error when no provider knows it.</summary>
    public static IKnowledgeStore Open(string connectionString, string what)
    {
        Func<string, IKnowledgeStore>? open = null;
        lock (Providers)
            foreach (var p in Providers)
                if (p.Accepts(connectionString)) { open = p.Open; break; }
        return open is null
            ? throw new TailorException($"{what}: this program cannot open a database store such as '{connectionString.Split('@')[^1]}' (it needs Tailor.Postgres); use the tailor command, or reference Tailor.Postgres and call PostgresStore.Register().")
            : open(connectionString);
    }
}
