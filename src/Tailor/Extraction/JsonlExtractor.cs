using System.Text;
using System.Text.Json;
using Tailor.Cleaning;

namespace Tailor.Extraction;

/// <summary>
/// JSON Lines, one record per line (BEIR corpus.jsonl layout): id from "_id" or "id", text from
/// "text", optional "title"; other scalar fields go to metadata. A bad line becomes a problem
/// naming its line number while the other lines are kept; a repeated id is a problem too.
/// </summary>
public sealed class JsonlExtractor : ITextExtractor
{
    private static readonly JsonReaderOptions ReaderOptions = new() { CommentHandling = JsonCommentHandling.Skip, MaxDepth = 64 };

    private readonly TextCleaner _cleaner;

    public JsonlExtractor(TextCleaner? cleaner = null) => _cleaner = cleaner ?? TextCleaner.Default;

    public IReadOnlyList<string> Extensions { get; } = [".jsonl"];

    public ExtractionResult Extract(ReadOnlyMemory<byte> content, string sourceName) => Extract(content, sourceName, 1);

    /// <summary>As <see cref="Extract(ReadOnlyMemory{byte}, string)"/> for a run of lines of a file that starts at line <paramref name="firstLine"/> (problems name the file's line numbers).</summary>
    public ExtractionResult Extract(ReadOnlyMemory<byte> content, string sourceName, int firstLine)
    {
        var bytes = SourceText.RequireUtf8(content, sourceName).Span;
        var documents = new List<ExtractedDocument>();
        var problems = new List<string>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        int lineNumber = firstLine - 1;
        bool anyContent = false;
        while (!bytes.IsEmpty)
        {
            lineNumber++;
            int nl = bytes.IndexOf((byte)'\n');
            var line = nl < 0 ? bytes : bytes[..nl];
            bytes = nl < 0 ? default : bytes[(nl + 1)..];
            line = line.TrimEnd((byte)'\r');
            if (IsBlank(line)) continue;
            anyContent = true;
            if (!TryReadRecord(line, lineNumber, out var record, out var problem))
            {
                problems.Add(problem);
                continue;
            }
            if (seen.TryGetValue(record.Id!, out int earlier))
            {
                problems.Add($"line {lineNumber}: duplicate id \"{record.Id}\" (first on line {earlier}); fix or remove the line");
                continue;
            }
            seen.Add(record.Id!, lineNumber);
            documents.Add(record);
        }
        if (!anyContent) return ExtractionResult.EmptyFile();
        return new ExtractionResult(documents, problems);
    }

    private bool TryReadRecord(ReadOnlySpan<byte> line, int lineNumber, out ExtractedDocument document, out string problem)
    {
        document = null!;
        problem = "";
        string? id = null, altId = null, text = null, title = null;
        Dictionary<string, string>? metadata = null;
        try
        {
            var reader = new Utf8JsonReader(line, ReaderOptions);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                problem = $"line {lineNumber}: not a JSON object; fix or remove the line";
                return false;
            }
            string? prefix = null;
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.EndObject)
                {
                    if (reader.CurrentDepth == 0) break;
                    prefix = null;
                    continue;
                }
                if (reader.TokenType != JsonTokenType.PropertyName) continue;
                string name = reader.GetString()!;
                reader.Read();
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject when reader.CurrentDepth == 1:
                        prefix = name + ".";
                        continue;
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        reader.Skip();
                        continue;
                }
                string value = Scalar(ref reader);
                if (prefix is null)
                {
                    switch (name)
                    {
                        case "_id": id = value; continue;
                        case "id": altId = value; continue;
                        case "text": text = value; continue;
                        case "title": title = value; continue;
                    }
                }
                if (reader.TokenType == JsonTokenType.Null) continue;
                (metadata ??= new Dictionary<string, string>(StringComparer.Ordinal))[prefix + name] = value;
            }
            // anything after the object other than whitespace is an error
            if (reader.BytesConsumed < line.Length && !IsBlank(line[(int)reader.BytesConsumed..]))
            {
                problem = $"line {lineNumber}: extra characters after the JSON object; fix or remove the line";
                return false;
            }
        }
        catch (JsonException e)
        {
            problem = $"line {lineNumber}: not valid JSON ({Describe(e)}); fix or remove the line";
            return false;
        }
        id ??= altId;
        if (string.IsNullOrWhiteSpace(id))
        {
            problem = $"line {lineNumber}: no \"_id\" or \"id\" field; give every record an id or remove the line";
            return false;
        }
        if (text is null && title is null)
        {
            problem = $"line {lineNumber}: no \"text\" field in record \"{id}\"; add the text or remove the line";
            return false;
        }
        string cleanTitle = title is null ? "" : _cleaner.Clean(title).Replace('\n', ' ');
        var blocks = TextExtractor.Paragraphs(text ?? "", lineNumber, _cleaner, singleLine: true);
        if (blocks.Count == 0 && cleanTitle.Length == 0)
        {
            problem = $"line {lineNumber}: record \"{id}\" has no text; add the text or remove the line";
            return false;
        }
        document = new ExtractedDocument(id.Trim(), cleanTitle, blocks, "jsonl")
        {
            Metadata = metadata ?? (IReadOnlyDictionary<string, string>)EmptyMetadata,
        };
        return true;
    }

    private static readonly Dictionary<string, string> EmptyMetadata = new();

    private static string Scalar(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String => reader.GetString()!,
        JsonTokenType.True => "true",
        JsonTokenType.False => "false",
        JsonTokenType.Null => "",
        _ => Encoding.UTF8.GetString(reader.ValueSpan),
    };

    private static string Describe(JsonException e)
    {
        string message = e.Message;
        int cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (cut > 0) message = message[..cut].TrimEnd('.', ' ');
        if (e.BytePositionInLine is long pos) message += $" at byte {pos + 1}";
        return message;
    }

    private static bool IsBlank(ReadOnlySpan<byte> line)
    {
        foreach (byte b in line)
        {
            if (b != (byte)' ' && b != (byte)'\t' && b != (byte)'\r') return false;
        }
        return true;
    }
}
