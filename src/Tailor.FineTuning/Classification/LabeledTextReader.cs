using System.Text;
using System.Text.Json;

namespace Tailor.FineTuning.Classification;

/// <summary>
/// Reads labelled texts from TSV (<c>label&lt;TAB&gt;text</c>, one per line) or JSONL
/// (<c>{"text": "...", "label": "..."}</c>, one object per line). The format comes from the
/// extension (.tsv/.txt, .jsonl/.json) or, failing that, from the first non-blank line (a JSON
/// object or not). Text is UTF-8, or Latin-1 when the file is not valid UTF-8. Blank lines and a
/// TSV header line (such as <c>label&lt;TAB&gt;text</c>) are skipped; every other bad line is an
/// error that names the file and the line number.
/// </summary>
public static class LabeledTextReader
{
    /// <summary>The formats a labelled file can have.</summary>
    public enum Format
    {
        /// <summary>Decide from the extension, then from the first non-blank line.</summary>
        Auto,
        /// <summary><c>label&lt;TAB&gt;text</c> per line.</summary>
        Tsv,
        /// <summary>One JSON object per line with string fields <c>text</c> and <c>label</c>.</summary>
        Jsonl,
    }

    /// <summary>Reads every example of <paramref name="path"/>; throws <see cref="TailorException"/> on a missing file or a bad line.</summary>
    public static List<LabeledText> ReadFile(string path, Format format = Format.Auto)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) throw new TailorException($"Labelled data file {path} does not exist. Pass a TSV (label<TAB>text) or JSONL ({{\"text\", \"label\"}}) file.");
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new TailorException($"Cannot read {path}: {ex.Message}", ex);
        }
        string content = Decode(bytes, path);
        if (format == Format.Auto) format = Detect(path, content);
        var examples = Parse(content, format, path);
        if (examples.Count == 0) throw new TailorException($"{path} holds no examples. Each line should be label<TAB>text (TSV) or {{\"text\": ..., \"label\": ...}} (JSONL).");
        return examples;
    }

    /// <summary>Parses <paramref name="content"/> in <paramref name="format"/> (Auto: by content); <paramref name="source"/> names the input in errors.</summary>
    public static List<LabeledText> Parse(string content, Format format, string source = "input")
    {
        ArgumentNullException.ThrowIfNull(content);
        if (format == Format.Auto) format = Detect(source, content);
        var examples = new List<LabeledText>();
        int lineNumber = 0;
        int start = 0;
        if (content.Length > 0 && content[0] == '\uFEFF') start = 1;
        while (start <= content.Length)
        {
            int end = content.IndexOf('\n', start);
            if (end < 0) end = content.Length;
            lineNumber++;
            var line = content.AsSpan(start, end - start).TrimEnd('\r');
            start = end + 1;
            if (line.IsWhiteSpace()) { if (end == content.Length) break; continue; }
            if (format == Format.Tsv && examples.Count == 0 && IsHeader(line)) { if (end == content.Length) break; continue; }
            examples.Add(format == Format.Tsv ? ParseTsv(line, lineNumber, source) : ParseJson(line, lineNumber, source));
            if (end == content.Length) break;
        }
        return examples;
    }

    /// <summary>
    /// UTF-8 (a byte-order mark is skipped); a file that is not valid UTF-8 is read as Latin-1, as
    /// older exports of SMS and mail corpora often are ("£" as the single byte 0xA3). A NUL byte
    /// means binary data, which is an error.
    /// </summary>
    private static string Decode(byte[] bytes, string path)
    {
        var span = bytes.AsSpan();
        if (span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) span = span[3..];
        int nul = span.IndexOf((byte)0);
        if (nul >= 0)
        {
            int line = 1 + span[..nul].Count((byte)'\n');
            throw new TailorException($"{path}:{line}: a NUL byte: this looks like a binary file, not text. Pass a UTF-8 TSV or JSONL file.");
        }
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(span);
        }
        catch (DecoderFallbackException)
        {
            return Encoding.Latin1.GetString(span);
        }
    }

    private static Format Detect(string path, string content)
    {
        string ext = Path.GetExtension(path).ToLowerInvariant();
        if (ext is ".jsonl" or ".json" or ".ndjson") return Format.Jsonl;
        if (ext is ".tsv" or ".tab") return Format.Tsv;
        foreach (var raw in content.AsSpan().EnumerateLines())
        {
            var line = raw.Trim().TrimStart('\uFEFF');
            if (line.IsEmpty) continue;
            return line[0] == '{' ? Format.Jsonl : Format.Tsv;
        }
        return Format.Tsv;
    }

    /// <summary>A first TSV line that names the columns ("label&lt;TAB&gt;text", "class&lt;TAB&gt;message", "v1&lt;TAB&gt;v2", …) is a header, not an example.</summary>
    private static bool IsHeader(ReadOnlySpan<char> line)
    {
        int tab = line.IndexOf('\t');
        if (tab < 0) return false;
        string label = line[..tab].Trim().ToString().ToLowerInvariant();
        string text = line[(tab + 1)..].Trim().ToString().ToLowerInvariant();
        return HeaderLabels.Contains(label) && HeaderTexts.Contains(text);
    }

    private static readonly HashSet<string> HeaderLabels = ["label", "labels", "class", "category", "target", "y", "v1"];
    private static readonly HashSet<string> HeaderTexts = ["text", "texts", "message", "sms", "content", "sentence", "x", "v2"];

    private static LabeledText ParseTsv(ReadOnlySpan<char> line, int number, string source)
    {
        int tab = line.IndexOf('\t');
        if (tab < 0) throw new TailorException($"{source}:{number}: no tab between label and text. Each TSV line must be label<TAB>text.");
        var label = line[..tab].Trim();
        var text = line[(tab + 1)..].Trim();
        if (label.IsEmpty) throw new TailorException($"{source}:{number}: empty label. Each TSV line must be label<TAB>text with a non-empty label.");
        if (text.IsEmpty) throw new TailorException($"{source}:{number}: empty text after the label \"{label}\". Remove the line or add its text.");
        return new LabeledText(label.ToString(), text.ToString(), number);
    }

    private static LabeledText ParseJson(ReadOnlySpan<char> line, int number, string source)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line.ToString());
        }
        catch (JsonException ex)
        {
            throw new TailorException($"{source}:{number}: invalid JSON ({ex.Message}). Each JSONL line must be one object like {{\"text\": \"...\", \"label\": \"...\"}}.");
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new TailorException($"{source}:{number}: expected a JSON object with \"text\" and \"label\", found {root.ValueKind.ToString().ToLowerInvariant()}.");
            string text = Field(root, "text", number, source, allowNumber: false);
            string label = Field(root, "label", number, source, allowNumber: true);
            if (string.IsNullOrWhiteSpace(text)) throw new TailorException($"{source}:{number}: \"text\" is empty. Remove the line or add its text.");
            if (string.IsNullOrWhiteSpace(label)) throw new TailorException($"{source}:{number}: \"label\" is empty. Every example needs a label.");
            return new LabeledText(label.Trim(), text.Trim(), number);
        }
    }

    private static string Field(JsonElement root, string name, int number, string source, bool allowNumber)
    {
        if (!root.TryGetProperty(name, out var value))
            throw new TailorException($"{source}:{number}: missing \"{name}\". Each JSONL line needs \"text\" and \"label\".");
        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString()!,
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False when allowNumber => value.GetRawText(),
            _ => throw new TailorException($"{source}:{number}: \"{name}\" must be a string{(allowNumber ? " (or a number)" : "")}, found {value.ValueKind.ToString().ToLowerInvariant()}."),
        };
    }
}
