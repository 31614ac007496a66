using System.Diagnostics.CodeAnalysis;
using Tailor.Cleaning;

namespace Tailor.Extraction;

/// <summary>Picks the extractor for a file by its extension and says which extensions are supported.</summary>
public sealed class ExtractorRegistry
{
    private readonly Dictionary<string, ITextExtractor> _byExtension = new(StringComparer.OrdinalIgnoreCase);

    public ExtractorRegistry(IEnumerable<ITextExtractor> extractors)
    {
        ArgumentNullException.ThrowIfNull(extractors);
        foreach (var extractor in extractors)
        {
            foreach (var extension in extractor.Extensions) _byExtension[extension] = extractor;
        }
        SupportedExtensions = _byExtension.Keys.Order(StringComparer.Ordinal).ToArray();
    }

    /// <summary>Markdown, HTML, plain text, JSONL, PDF, Word, Excel, PowerPoint, CSV and TSV, all cleaning with <paramref name="cleaner"/> (default NFC).</summary>
    public static ExtractorRegistry CreateDefault(TextCleaner? cleaner = null)
    {
        cleaner ??= TextCleaner.Default;
        return new ExtractorRegistry([
            new MarkdownExtractor(cleaner), new HtmlExtractor(cleaner), new TextExtractor(cleaner), new JsonlExtractor(cleaner),
            new PdfExtractor(cleaner), new DocxExtractor(cleaner), new XlsxExtractor(cleaner), new PptxExtractor(cleaner), new CsvExtractor(cleaner),
        ]);
    }

    /// <summary>Supported extensions, lower case with the dot, sorted (".htm", ".html", ".jsonl", ...).</summary>
    public IReadOnlyList<string> SupportedExtensions { get; }

    /// <summary>True when a file with this path or name has a supported extension.</summary>
    public bool IsSupported(string path) => TryGet(path, out _);

    public bool TryGet(string path, [NotNullWhen(true)] out ITextExtractor? extractor)
    {
        extractor = null;
        string extension = Path.GetExtension(path);
        return extension.Length > 0 && _byExtension.TryGetValue(extension, out extractor);
    }

    /// <summary>The extractor for <paramref name="path"/>; throws <see cref="TailorException"/> for unsupported types.</summary>
    public ITextExtractor Get(string path)
    {
        if (TryGet(path, out var extractor)) return extractor;
        string extension = Path.GetExtension(path);
        string what = extension.Length == 0 ? "has no file extension" : $"has an unsupported file type \"{extension}\"";
        throw new TailorException($"{path}: {what}; supported: {string.Join(", ", SupportedExtensions)}; convert it or exclude it with --exclude");
    }

    /// <summary>Extracts <paramref name="content"/> with the extractor for <paramref name="sourceName"/>'s extension.</summary>
    public ExtractionResult Extract(ReadOnlyMemory<byte> content, string sourceName) => Get(sourceName).Extract(content, sourceName);
}
