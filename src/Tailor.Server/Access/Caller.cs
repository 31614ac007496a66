namespace Tailor.Server.Access;

/// <summary>
/// Who is making a request: the key it carried, or the anonymous caller of a server without keys (loopback only),
/// who may do everything. Endpoints ask it for the scope they need on the knowledge base they touch.
/// </summary>
public sealed record Caller(ApiKey? Key)
{
    public static readonly Caller Anonymous = new((ApiKey?)null);

    private const string ItemKey = "tailor.caller";

    public KeyScope Scope => Key?.Scope ?? KeyScope.Admin;

    public IReadOnlyList<string> Groups => Key?.Groups ?? [];

    /// <summary>What partitions rate limits and scopes sessions: the key's hash prefix, or "anonymous".</summary>
    public string Identity => Key is null ? "anonymous" : "key-" + Key.Hash[..16];

    /// <summary><paramref name="filter"/> restricted to the documents the caller's groups may read (null: no filter at all).</summary>
    public Retrieval.SearchFilter? Restrict(Retrieval.SearchFilter? filter) =>
        Groups.Count == 0 ? filter : (filter ?? new Retrieval.SearchFilter()) with { Groups = Groups };

    /// <summary>True when the caller's groups may read a document with these tags.</summary>
    public bool MayRead(IEnumerable<string> documentTags) => Documents.AccessGroups.MaySee(documentTags, Groups);

    /// <summary>True when the caller may see knowledge base <paramref name="kb"/> at all.</summary>
    public bool MaySee(string kb) => Key?.Only is null || string.Equals(Key.Only, kb, StringComparison.Ordinal);

    /// <summary>Throws 403 unless the caller has <paramref name="scope"/> (on <paramref name="kb"/>, when given).</summary>
    public void Require(KeyScope scope, string? kb = null)
    {
        if (Scope < scope)
            throw new ServerException(403, $"the key \"{Key?.Name}\" has scope {Scope.ToString().ToLowerInvariant()}; this needs {scope.ToString().ToLowerInvariant()}. Create a key with --scope {scope.ToString().ToLowerInvariant()} (tailor keys create).");
        if (kb != null && !MaySee(kb))
            throw new ServerException(403, $"the key \"{Key?.Name}\" is limited to the knowledge base \"{Key?.Only}\"; use a key for \"{kb}\".");
    }

    public static Caller Of(HttpContext context) => context.Items.TryGetValue(ItemKey, out var c) && c is Caller caller ? caller : Anonymous;

    internal void AttachTo(HttpContext context) => context.Items[ItemKey] = this;
}
