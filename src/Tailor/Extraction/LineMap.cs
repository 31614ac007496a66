namespace Tailor.Extraction;

/// <summary>Maps character offsets of a text to 1-based line numbers ("\n", "\r\n" and "\r" end lines).</summary>
internal sealed class LineMap
{
    private readonly int[] _lineStarts;

    public LineMap(string text)
    {
        var starts = new List<int>(Math.Max(16, text.Length / 40)) { 0 };
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '\n') starts.Add(i + 1);
            else if (c == '\r' && (i + 1 >= text.Length || text[i + 1] != '\n')) starts.Add(i + 1);
        }
        _lineStarts = starts.ToArray();
    }

    public int LineCount => _lineStarts.Length;

    /// <summary>The 1-based line holding <paramref name="offset"/> (clamped to the text).</summary>
    public int LineOf(int offset)
    {
        if (offset <= 0) return 1;
        int index = Array.BinarySearch(_lineStarts, offset);
        return index >= 0 ? index + 1 : ~index;
    }
}
