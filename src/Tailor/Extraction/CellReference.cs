namespace Tailor.Extraction;

/// <summary>Spreadsheet cell references: "C12" → column 3, column 28 → "AB".</summary>
internal static class CellReference
{
    /// <summary>The 1-based column of a reference such as "AB7"; 0 when it starts with no letter.</summary>
    public static int Column(string reference)
    {
        int column = 0;
        foreach (char c in reference)
        {
            char upper = char.ToUpperInvariant(c);
            if (upper is < 'A' or > 'Z') break;
            column = column * 26 + (upper - 'A' + 1);
        }
        return column;
    }

    /// <summary>The letters of a 1-based column: 1 → "A", 27 → "AA".</summary>
    public static string ColumnName(int column)
    {
        var letters = new Stack<char>();
        while (column > 0)
        {
            int rest = (column - 1) % 26;
            letters.Push((char)('A' + rest));
            column = (column - 1) / 26;
        }
        return new string(letters.ToArray());
    }
}
