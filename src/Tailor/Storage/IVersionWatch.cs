namespace Tailor.Storage;

/// <summary>
/// A store that is told when its version moves (PostgreSQL: LISTEN/NOTIFY), so a search need not read the version from
/// the database each time. Where the store cannot listen, or a move was notified since the last read, it knows nothing
/// and the caller reads <see cref="IDocumentStore.Version"/> (polling, as without a watch).
/// </summary>
public interface IVersionWatch
{
    /// <summary>The version as last read, while no move has been notified since; null when it must be read.</summary>
    StoreVersion? KnownVersion { get; }
}
