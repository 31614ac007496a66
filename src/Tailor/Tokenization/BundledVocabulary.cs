using System.IO.Compression;
using System.Reflection;
using System.Text;

namespace Tailor.Tokenization;

/// <summary>
/// The cl100k_base and o200k_base rank files that ship with Tailor, inside the
/// <c>Microsoft.ML.Tokenizers.Data.Cl100kBase</c> / <c>.O200kBase</c> packages: each assembly embeds
/// <c>NAME.tiktoken.deflate</c>, a deflate stream of a <c>Capacity: N</c> line followed by one base64
/// token per line, its rank being its line number (CRLF line ends). Rewritten as
/// <c>base64 rank</c> lines this is byte for byte OpenAI's published file, which the SHA-256 of the
/// encoding checks, so a machine without network counts tokens exactly.
/// </summary>
internal static class BundledVocabulary
{
    private const string CapacityPrefix = "Capacity: ";

    /// <summary>The package assembly that carries <paramref name="encoding"/>'s rank file, or null when none does.</summary>
    public static string? AssemblyFor(TokenEncoding encoding) => encoding.Name switch
    {
        "cl100k_base" => "Microsoft.ML.Tokenizers.Data.Cl100kBase",
        "o200k_base" => "Microsoft.ML.Tokenizers.Data.O200kBase",
        _ => null,
    };

    /// <summary>
    /// The bundled <c>.tiktoken</c> content of <paramref name="encoding"/>, verified by its SHA-256; false with
    /// the reason when the encoding has none, its package assembly is missing, or the content does not match.
    /// </summary>
    public static bool TryRead(TokenEncoding encoding, out byte[]? content, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(encoding);
        content = null;
        string? assemblyName = AssemblyFor(encoding);
        if (assemblyName is null)
        {
            problem = $"no vocabulary for {encoding.Name} ships with Tailor";
            return false;
        }
        string resource = encoding.Name + ".tiktoken.deflate";
        try
        {
            var assembly = Assembly.Load(new AssemblyName(assemblyName));
            using var stream = assembly.GetManifestResourceStream(resource);
            if (stream is null)
            {
                problem = $"the bundled assembly {assemblyName} has no resource {resource}";
                return false;
            }
            using var inflate = new DeflateStream(stream, CompressionMode.Decompress);
            using var packed = new MemoryStream();
            inflate.CopyTo(packed);
            if (!TryConvert(packed.GetBuffer().AsSpan(0, (int)packed.Length), out content, out problem))
            {
                problem = $"the bundled {resource} in {assemblyName} is malformed: {problem}";
                return false;
            }
        }
        catch (Exception ex) when (ex is FileNotFoundException or FileLoadException or BadImageFormatException or InvalidDataException or IOException)
        {
            problem = $"the bundled vocabulary {assemblyName} could not be read ({ex.Message})";
            return false;
        }
        if (encoding.Sha256 is { } expected && !string.Equals(BpeRanks.Sha256Hex(content), expected, StringComparison.OrdinalIgnoreCase))
        {
            problem = $"the bundled {resource} in {assemblyName} does not match the published {encoding.FileName} (SHA-256 {BpeRanks.Sha256Hex(content!)}, expected {expected})";
            content = null;
            return false;
        }
        problem = null;
        return true;
    }

    /// <summary>Rewrites the packaged layout (<c>Capacity: N</c>, then one token per line) as <c>.tiktoken</c> lines (<c>token rank</c>).</summary>
    internal static bool TryConvert(ReadOnlySpan<byte> packed, out byte[]? tiktoken, out string? problem)
    {
        tiktoken = null;
        int firstEnd = packed.IndexOf((byte)'\n');
        if (firstEnd < 0 || !Encoding.ASCII.GetString(packed[..firstEnd]).TrimEnd('\r').StartsWith(CapacityPrefix, StringComparison.Ordinal))
        {
            problem = $"it does not start with a '{CapacityPrefix}' line";
            return false;
        }
        var output = new MemoryStream(packed.Length + packed.Length / 2);
        Span<byte> number = stackalloc byte[12];
        int rank = 0;
        var rest = packed[(firstEnd + 1)..];
        while (!rest.IsEmpty)
        {
            int end = rest.IndexOf((byte)'\n');
            var line = end < 0 ? rest : rest[..end];
            rest = end < 0 ? [] : rest[(end + 1)..];
            if (!line.IsEmpty && line[^1] == '\r') line = line[..^1];
            if (line.IsEmpty) continue;
            if (line.IndexOf((byte)' ') >= 0)
            {
                problem = $"token line {rank + 2} holds a space";
                return false;
            }
            output.Write(line);
            output.WriteByte((byte)' ');
            rank.TryFormat(number, out int written, provider: System.Globalization.CultureInfo.InvariantCulture);
            output.Write(number[..written]);
            output.WriteByte((byte)'\n');
            rank++;
        }
        tiktoken = output.ToArray();
        problem = null;
        return true;
    }
}
