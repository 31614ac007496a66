using Tailor.Storage;

namespace Tailor.Server.Access;

/// <summary>
/// A stored key: its name, scope, access groups and the one knowledge base it is limited to (null: all).
/// Only the SHA-256 of the key is kept; <see cref="Prefix"/> (its first characters) tells keys apart in lists.
/// </summary>
public sealed record ApiKey
{
    public required string Name { get; init; }

    public required KeyScope Scope { get; init; }

    public IReadOnlyList<string> Groups { get; init; } = [];

    /// <summary>The only knowledge base this key may use; null: every one.</summary>
    public string? Only { get; init; }

    /// <summary>Lowercase hex SHA-256 of the key.</summary>
    public required string Hash { get; init; }

    public required string Prefix { get; init; }

    public DateTimeOffset Created { get; init; }

    public DateTimeOffset? Revoked { get; init; }

    public bool IsActive => Revoked is null;

    /// <summary>The key as a store keeps it.</summary>
    internal StoredKey ToStored() => new(Name, Scope.ToString().ToLowerInvariant(), Groups, Only, Hash, Prefix, Created, Revoked);

    /// <summary>A stored key; null when its scope is none this server knows (a newer Tailor's), so it grants nothing.</summary>
    internal static ApiKey? From(StoredKey key) =>
        Enum.TryParse<KeyScope>(key.Scope, ignoreCase: true, out var scope) && Enum.IsDefined(scope)
            ? new ApiKey { Name = key.Name, Scope = scope, Groups = key.Groups, Only = key.Only, Hash = key.Hash, Prefix = key.Prefix, Created = key.Created, Revoked = key.Revoked }
            : null;
}
