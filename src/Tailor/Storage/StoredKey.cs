namespace Tailor.Storage;

/// <summary>
/// An API key of <c>tailor serve</c> as stored: its name, scope (<c>read</c>, <c>write</c> or <c>admin</c>), access groups, the
/// one knowledge base it is limited to (null: every one), the lowercase hex SHA-256 of the key (the key itself is never
/// stored), its first characters (to tell keys apart in lists), and when it was created and revoked (null: active).
/// </summary>
public sealed record StoredKey(string Name, string Scope, IReadOnlyList<string> Groups, string? Only, string Hash, string Prefix, DateTimeOffset Created, DateTimeOffset? Revoked = null)
{
    public bool IsActive => Revoked is null;
}
