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
}
