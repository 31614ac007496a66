using Tailor.Chunking;
using Tailor.Cleaning;
using Tailor.Documents;
using Tailor.Extraction;
using Tailor.Lexical;
using Tailor.Storage;

namespace Tailor.Ingestion;

/// <summary>
/// The CPU stage of ingestion for one file: read, hash, skip if unchanged, extract, chunk, analyze.
/// Pure with respect to storage; safe to run on several threads.
/// </summary>
internal sealed class DocumentPreparer
{
    private readonly ExtractorRegistry _extractors;
    private readonly Chunker _chunker;
    private readonly Analyzer _analyzer;
    private readonly long _maxBytes;
    private readonly IReadOnlyDictionary<string, (string Hash, string Root, string Source)> _existing;
    private readonly IReadOnlyList<string> _tags;
    private readonly IReadOnlyCollection<SensitiveKind> _redact;
    private readonly string _redactKey;
    private readonly bool _replace;

    /// <summary>What a record's hash gains under redaction, so a record re-ingested with other masks counts as changed ("" without).</summary>
    private readonly string _redactSuffix;

    /// <param name="tags">Tags given for this run (<c>ingest --tag</c>), added to every document it writes.</param>
    /// <param name="redact">Kinds of sensitive data masked before chunking; every kind is found and reported either way.</param>
    /// <param name="replace">A document whose id another existing uploaded file holds is replaced rather than refused (<see cref="IngestOptions.Replace"/>).</param>
    public DocumentPreparer(ExtractorRegistry extractors, Chunker chunker, Analyzer analyzer, long maxBytes,
        IReadOnlyDictionary<string, (string Hash, string Root, string Source)> existing, IReadOnlyList<string>? tags = null,
        IReadOnlyCollection<SensitiveKind>? redact = null, bool replace = false)
    {
        _replace = replace;
        _redact = redact is null ? new HashSet<SensitiveKind>() : new HashSet<SensitiveKind>(redact);
        // the masking is part of what was stored: a file ingested before with other masks is not "unchanged"
        _redactKey = _redact.Count == 0 ? "" : "|redact:" + string.Join(",", _redact.Order());
        _redactSuffix = _redactKey.Length > 0 ? Checksums.Sha256Hex(_redactKey)[..8] : "";
        _tags = tags ?? [];
        _extractors = extractors;
        _chunker = chunker;
        _analyzer = analyzer;
        _maxBytes = maxBytes;
        _existing = existing;
    }

    public PreparedFile Prepare(SourceFile file)
    {
        var failures = new List<IngestFailure>();
        var docs = new List<PreparedDocument>();
        byte[] bytes;
        int firstLine = 1;
        try
        {
            if (file.Content is { } fetched)
            {
                bytes = fetched; // a fetched web page, held to the size limit by the fetcher
            }
            else if (file.Part is { } part)
            {
                // A run of lines of a large JSONL file: bounded by the part size, so the file-size limit does not apply.
                bytes = new byte[part.Length];
                using var stream = new FileStream(file.FullPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
                stream.Position = part.Offset;
                stream.ReadExactly(bytes);
                firstLine = part.FirstLine;
            }
            else
            {
                var length = new FileInfo(file.FullPath).Length;
                if (length > _maxBytes)
                {
                    failures.Add(new IngestFailure(file.FullPath, $"file is {length / (1024.0 * 1024):F0} MB, over the {_maxBytes / (1024 * 1024)} MB limit; split it, exclude it, or raise --max-file-mb."));
                    return Failed(file, docs, failures, 0);
                }
                bytes = File.ReadAllBytes(file.FullPath);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            failures.Add(new IngestFailure(file.FullPath, $"cannot read the file ({ex.Message}); check that it exists and is readable."));
            return Failed(file, docs, failures, 0);
        }
        return PrepareRecords(file, bytes, firstLine);
    }

    /// <summary>Extracts, chunks and analyzes the document(s) in <paramref name="bytes"/> (the whole file, or a JSONL part starting at <paramref name="firstLine"/>).</summary>
    private PreparedFile PrepareRecords(SourceFile file, byte[] bytes, int firstLine)
    {
        var failures = new List<IngestFailure>();
        var docs = new List<PreparedDocument>();
        var seen = new List<string>();

        var fileHash = Checksums.Sha256Hex(bytes);
        if (_redactKey.Length > 0) fileHash = Checksums.Sha256Hex(fileHash + _redactKey);
        var extension = file.ExtractAs ?? Path.GetExtension(file.FullPath).ToLowerInvariant();
        if (!_extractors.TryGet(file.ExtractAs is null ? file.FullPath : "page" + file.ExtractAs, out var extractor))
        {
            failures.Add(new IngestFailure(file.FullPath, $"unsupported file type '{extension}'; convert it or exclude it."));
            return new PreparedFile(file, docs, failures, [], 0, bytes.Length);
        }
        bool singleDocument = extension != ".jsonl";
        if (singleDocument && _existing.TryGetValue(file.RelativeId, out var prior) && prior.Hash == fileHash && prior.Source == file.FullPath)
        {
            seen.Add(file.RelativeId);
            return new PreparedFile(file, docs, failures, seen, 1, bytes.Length);
        }

        ExtractionResult extracted;
        try
        {
            extracted = firstLine > 1 && extractor is JsonlExtractor jsonl ? jsonl.Extract(bytes, file.FullPath, firstLine) : extractor.Extract(bytes, file.FullPath);
        }
        catch (TailorException ex)
        {
            failures.Add(new IngestFailure(file.FullPath, ex.Message));
            return Failed(file, docs, failures, bytes.Length);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            failures.Add(new IngestFailure(file.FullPath, $"could not extract text ({ex.GetType().Name}: {ex.Message}); the file may be malformed — fix or exclude it."));
            return Failed(file, docs, failures, bytes.Length);
        }
        bool empty = false;
        foreach (var problem in extracted.Problems)
        {
            // An empty file is not an error worth failing the run for: it simply holds no document (counted as skipped).
            if (extracted.Documents.Count == 0 && problem.Contains("empty", StringComparison.OrdinalIgnoreCase))
            {
                empty = true;
                continue;
            }
            failures.Add(new IngestFailure(file.FullPath, problem));
        }

        int unchanged = 0;
        var now = DateTime.UtcNow.ToString("O");
        foreach (var found in extracted.Documents)
        {
            var (doc, findings) = Redact(found);
            var id = singleDocument ? file.RelativeId : doc.Id ?? file.RelativeId;
            var hash = singleDocument ? fileHash : RecordHash(doc) + _redactSuffix;
            seen.Add(id);
            bool existed = _existing.TryGetValue(id, out var old);
            if (existed && old.Hash == hash && old.Source == file.FullPath)
            {
                unchanged++;
                continue;
            }
            if (existed && old.Source != file.FullPath && !(_replace && UploadFolder.IsUpload(old.Source)) && File.Exists(old.Source) && singleDocument)
            {
                failures.Add(new IngestFailure(file.FullPath, $"document id '{id}' is already used by {old.Source}; ingest the common parent folder instead so ids stay distinct."));
                continue;
            }
            var chunks = _chunker.Chunk(doc);
            var terms = new List<List<string>>(chunks.Count);
            foreach (var chunk in chunks) terms.Add(AnalyzeChunk(doc.Title, chunk));
            var stored = new StoredDocument(id, file.FullPath, file.Root, doc.Title, doc.Format, hash,
                singleDocument ? bytes.Length : ApproximateBytes(doc), chunks.Count, now)
            {
                Tags = DocumentTags.Merge(doc.Tags, _tags),
                Date = doc.Date ?? (file.Content is null ? FileDate(file.FullPath) : DateTime.UtcNow),
                HeaderRow = doc.Metadata.TryGetValue("header", out var header) ? header != "none" : null,
            };
            docs.Add(new PreparedDocument(stored, chunks, terms, existed)
            {
                Sensitive = findings.OrderBy(f => f.Key).Select(f => new SensitiveFinding(id, f.Key, f.Value, _redact.Contains(f.Key))).ToList(),
                Headerless = stored.HeaderRow == false
                    ? new HeaderlessTable(id, file.FullPath, doc.Metadata.TryGetValue("columns", out var columns) && int.TryParse(columns, out var n) ? n : 0)
                    : null,
            });
        }
        return new PreparedFile(file, docs, failures, seen, unchanged, bytes.Length) { Empty = empty };
    }

    /// <summary>Finds sensitive data in the document's title and blocks and masks the kinds asked for, before chunking.</summary>
    private (ExtractedDocument Document, Dictionary<SensitiveKind, int> Counts) Redact(ExtractedDocument doc)
    {
        var counts = new Dictionary<SensitiveKind, int>();
        var title = SensitiveDataDetector.Redact(doc.Title, _redact, counts);
        var blocks = new List<Block>(doc.Blocks.Count);
        bool changed = !ReferenceEquals(title, doc.Title);
        foreach (var block in doc.Blocks)
        {
            var text = SensitiveDataDetector.Redact(block.Text, _redact, counts);
            // a table header is repeated in the text: counted there, masked in both
            var header = block.TableHeader is null ? null : SensitiveDataDetector.Redact(block.TableHeader, _redact);
            if (ReferenceEquals(text, block.Text) && ReferenceEquals(header, block.TableHeader)) { blocks.Add(block); continue; }
            changed = true;
            blocks.Add(block with { Text = text, TableHeader = header });
        }
        if (!changed) return (doc, counts);
        var metadata = doc.Metadata.ToDictionary(kv => kv.Key, kv => SensitiveDataDetector.Redact(kv.Value, _redact));
        return (doc with { Title = title, Blocks = blocks, Metadata = metadata }, counts);
    }

    /// <summary>Terms indexed for a chunk: its section path (or the title when it has none) and its text.</summary>
    public List<string> AnalyzeChunk(string title, ChunkDraft chunk) => _analyzer.Analyze(IndexedText(title, chunk.Section, chunk.Text));

    public static string IndexedText(string title, string section, string text)
    {
        var head = section.Length > 0 ? section : title;
        if (head.Length == 0 || text.StartsWith(head, StringComparison.Ordinal)) return text;
        return head + "\n" + text;
    }

    /// <summary>The file's last modification time (UTC): the date of a document that declares none.</summary>
    private static DateTime? FileDate(string path)
    {
        try
        {
            return File.GetLastWriteTimeUtc(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null; // read a moment ago; if it vanished since, the document simply has no date
        }
    }

    /// <summary>A file that could not be read or extracted: it keeps whatever was ingested from it before.</summary>
    private PreparedFile Failed(SourceFile file, List<PreparedDocument> docs, List<IngestFailure> failures, long bytes) =>
        new(file, docs, failures, KeepExisting(file), 0, bytes) { KeptOnFailure = true };

    private List<string> KeepExisting(SourceFile file)
    {
        // A file that failed keeps whatever was ingested from it before, so --sync must not remove it.
        var keep = new List<string>();
        foreach (var (id, info) in _existing)
            if (info.Source == file.FullPath) keep.Add(id);
        return keep;
    }

    private static string RecordHash(ExtractedDocument doc)
    {
        var sb = new System.Text.StringBuilder(doc.Title).Append('\u0001');
        foreach (var block in doc.Blocks) sb.Append(block.Text).Append('\u0001');
        return Checksums.Sha256Hex(sb.ToString());
    }

    private static long ApproximateBytes(ExtractedDocument doc)
    {
        long n = System.Text.Encoding.UTF8.GetByteCount(doc.Title);
        foreach (var block in doc.Blocks) n += System.Text.Encoding.UTF8.GetByteCount(block.Text) + 1;
        return n;
    }
}
