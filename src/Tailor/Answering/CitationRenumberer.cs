using System.Globalization;
using System.Text;

namespace Tailor.Answering;

/// <summary>
/// Rewrites the citation markers of a model's reply as it streams: <c>[n]</c>, <c>[n, m]</c> and
/// <c>[n][m]</c> become <c>[a][b]</c> with sources renumbered in order of first use; numbers of sources
/// the model was not given are removed (with the space before a marker that is left empty) and
/// recorded. Text is released as soon as it cannot be part of a marker, so streamed output and the
/// final answer are the same text. Feed the whole reply at once or in pieces: the result is identical.
/// </summary>
public sealed class CitationRenumberer
{
    /// <summary>Longest bracket group still read as a marker ("[12, 13, 14]").</summary>
    private const int MaxMarkerLength = 40;

    private readonly int _sourceCount;
    private readonly Dictionary<int, int> _numbers = new();
    private readonly List<int> _order = new();
    private readonly List<int> _invalid = new();
    private string _hold = "";
    private string _carry = "";

    /// <param name="sourceCount">Sources [1]..[sourceCount] exist.</param>
    public CitationRenumberer(int sourceCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sourceCount);
        _sourceCount = sourceCount;
    }

    /// <summary>The model's source numbers in order of first use: new number k is <c>Order[k - 1]</c>.</summary>
    public IReadOnlyList<int> Order => _order;

    /// <summary>Numbers that pointed at no source, distinct, in order of appearance.</summary>
    public IReadOnlyList<int> Invalid => _invalid;

    /// <summary>Takes the next piece of the reply; returns the text that can be shown now.</summary>
    public string Push(string text) => Process(_hold + text, final: false);

    /// <summary>Returns what is still held back at the end of the reply.</summary>
    public string Flush() => Process(_hold, final: true);

    /// <summary>Renumbers a whole reply.</summary>
    public string Rewrite(string text) => Push(text) + Flush();

    private string Process(string text, bool final)
    {
        _hold = "";
        // whitespace that stood before a removed marker: kept only if another marker follows directly
        string carry = _carry;
        _carry = "";
        var sb = new StringBuilder(text.Length);
        int i = 0;
        while (i < text.Length)
        {
            int j = i;
            while (j < text.Length && char.IsWhiteSpace(text[j])) j++;
            string space = j > i ? text[i..j] : carry;
            if (j == text.Length)
            {
                // trailing space: a marker that is dropped may follow, taking the space with it
                if (final) sb.Append(text, i, j - i);
                else
                {
                    _hold = text[i..];
                    _carry = carry;
                }
                return sb.ToString();
            }
            if (text[j] != '[')
            {
                sb.Append(text, i, j - i).Append(text[j]);
                carry = "";
                i = j + 1;
                continue;
            }
            switch (ReadMarker(text, j, final, out int end, out var numbers))
            {
                case MarkerState.NeedMore:
                    _hold = text[i..];
                    _carry = carry;
                    return sb.ToString();
                case MarkerState.NotMarker:
                    sb.Append(text, i, j - i).Append('[');
                    carry = "";
                    i = j + 1;
                    continue;
            }
            var replacement = Replace(numbers!);
            if (replacement.Length > 0)
            {
                sb.Append(space).Append(replacement);
                carry = "";
            }
            else
            {
                carry = space;
            }
            i = end;
        }
        if (!final) _carry = carry;
        return sb.ToString();
    }

    private string Replace(List<int> numbers)
    {
        var sb = new StringBuilder();
        var written = new HashSet<int>();
        foreach (int n in numbers)
        {
            if (n < 1 || n > _sourceCount)
            {
                if (!_invalid.Contains(n)) _invalid.Add(n);
                continue;
            }
            if (!_numbers.TryGetValue(n, out int renumbered))
            {
                renumbered = _order.Count + 1;
                _numbers.Add(n, renumbered);
                _order.Add(n);
            }
            if (written.Add(renumbered)) sb.Append('[').Append(renumbered.ToString(CultureInfo.InvariantCulture)).Append(']');
        }
        return sb.ToString();
    }

    private enum MarkerState { Marker, NotMarker, NeedMore }

    /// <summary>Reads "[1]", "[1, 2]", "[1,2]" at <paramref name="start"/>; <paramref name="end"/> is just past the ']'.</summary>
    private static MarkerState ReadMarker(string text, int start, bool final, out int end, out List<int>? numbers)
    {
        end = start;
        numbers = null;
        int close = -1;
        for (int k = start + 1; k < text.Length && k - start <= MaxMarkerLength; k++)
        {
            char c = text[k];
            if (c == ']') { close = k; break; }
            if (!char.IsAsciiDigit(c) && c is not (',' or ' ')) return MarkerState.NotMarker;
        }
        if (close < 0) return !final && text.Length - start <= MaxMarkerLength ? MarkerState.NeedMore : MarkerState.NotMarker;
        var list = new List<int>();
        foreach (var part in text.AsSpan(start + 1, close - start - 1).ToString().Split(','))
        {
            var trimmed = part.Trim();
            if (trimmed.Length == 0 || trimmed.Length > 6 || !int.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out int n))
                return MarkerState.NotMarker;
            list.Add(n);
        }
        numbers = list;
        end = close + 1;
        return MarkerState.Marker;
    }
}
