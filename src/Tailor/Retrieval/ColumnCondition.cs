namespace Tailor.Retrieval;

/// <summary>
/// One <c>--where</c> condition on a table column: <c>column=value</c> or <c>column!=value</c>. Names and
/// values are compared case-insensitively after trimming (see <see cref="Normalize"/>). A chunk passes when
/// one of its table rows satisfies every condition of the filter; chunks without table rows never pass.
/// </summary>
public sealed record ColumnCondition(string Column, string Value, bool Negated = false)
{
    /// <summary>The form names and values are stored and compared in: trimmed, inner whitespace collapsed, lower-case.</summary>
    public static string Normalize(string text) =>
        string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant();

    /// <summary>Parses <c>column=value</c> or <c>column!=value</c> (the first <c>=</c> splits; the value may be empty).</summary>
    public static ColumnCondition Parse(string text, string what = "--where")
    {
        int eq = text.IndexOf('=');
        bool negated = eq > 0 && text[eq - 1] == '!';
        string column = eq < 0 ? "" : text[..(negated ? eq - 1 : eq)];
        if (eq < 0 || string.IsNullOrWhiteSpace(column))
            throw new TailorException($"{what} '{text}' is not a column condition; write COLUMN=VALUE or COLUMN!=VALUE, such as --where \"region=EMEA\".");
        return new ColumnCondition(Normalize(column), Normalize(text[(eq + 1)..]), negated);
    }

    /// <summary>True when a row (column name → cell, in any case) satisfies this condition; a row without the column does not.</summary>
    public bool Matches(IReadOnlyDictionary<string, string> row)
    {
        foreach (var (name, cell) in row)
            if (Normalize(name) == Column)
                return (Normalize(cell) == Value) != Negated;
        return false;
    }

    public override string ToString() => Column + (Negated ? "!=" : "=") + Value;
}
