namespace Tailor.Storage;

/// <summary>
/// The API keys' rows (<c>api_keys</c>), in the store beside the data they guard, so every server on one database accepts
/// the same keys and a key revoked through one of them is refused by all. At most one active key has a given name.
/// </summary>
public interface IKeyRecords
{
    /// <summary>Adds a key (active or revoked) unless an active key has its name or its hash is stored; committed when this returns.</summary>
    KeyConflict AddKey(StoredKey key);

    /// <summary>Every key, revoked ones included, oldest first.</summary>
    List<StoredKey> ListKeys();

    /// <summary>Revokes the oldest active key named <paramref name="nameOrPrefix"/> (or with that prefix) at <paramref name="at"/>; false when there is none.</summary>
    bool RevokeKey(string nameOrPrefix, DateTimeOffset at);

    /// <summary>A counter moved by every added or revoked key: a cached list is current while it stays the same.</summary>
    long KeysVersion();
}
