using System.Text.RegularExpressions;

namespace Tailor.Tokenization;

/// <summary>
/// Pre-tokenization by running an encoding's pattern with .NET's regex engine: the reference the
/// hand-written <see cref="PieceScanner"/> is tested against, and the path for encodings whose
/// pattern has no scanner. .NET matches per UTF-16 code unit, so it agrees with tiktoken only on
/// text inside the Basic Multilingual Plane.
/// </summary>
internal sealed class RegexPreTokenizer(string pattern)
{
    private readonly Regex _regex = new(pattern, RegexOptions.Compiled | RegexOptions.CultureInvariant);

    /// <summary>The pieces of <paramref name="text"/> as (start, length) in chars.</summary>
    public List<(int Start, int Length)> Split(string text)
    {
        var pieces = new List<(int, int)>();
        for (var m = _regex.Match(text); m.Success; m = m.NextMatch())
        {
            if (m.Length > 0) pieces.Add((m.Index, m.Length));
        }
        return pieces;
    }
}
