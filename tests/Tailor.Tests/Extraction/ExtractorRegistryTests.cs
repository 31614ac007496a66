using Tailor.Extraction;

namespace Tailor.Tests.Extraction;

public class ExtractorRegistryTests
{
    [Fact]
    public void Picks_the_extractor_by_extension_case_insensitively()
    {
        var registry = ExtractorRegistry.CreateDefault();
        Assert.IsType<MarkdownExtractor>(registry.Get("a/b/README.MD"));
        Assert.IsType<MarkdownExtractor>(registry.Get("x.markdown"));
        Assert.IsType<HtmlExtractor>(registry.Get("x.htm"));
        Assert.IsType<HtmlExtractor>(registry.Get("x.html"));
        Assert.IsType<TextExtractor>(registry.Get("x.txt"));
        Assert.IsType<TextExtractor>(registry.Get("x.text"));
        Assert.IsType<JsonlExtractor>(registry.Get("corpus.jsonl"));
        Assert.IsType<PdfExtractor>(registry.Get("manual.PDF"));
        Assert.IsType<DocxExtractor>(registry.Get("a.docm"));
        Assert.IsType<XlsxExtractor>(registry.Get("a.xlsx"));
        Assert.IsType<PptxExtractor>(registry.Get("a.pptx"));
        Assert.IsType<CsvExtractor>(registry.Get("a.tsv"));
    }

    [Fact]
    public void Lists_the_supported_extensions()
    {
        var registry = ExtractorRegistry.CreateDefault();
        Assert.Equal([".csv", ".docm", ".docx", ".htm", ".html", ".jsonl", ".markdown", ".md", ".pdf", ".pptm", ".pptx", ".text", ".tsv", ".txt", ".xlsm", ".xlsx"], registry.SupportedExtensions);
        Assert.True(registry.IsSupported("doc.md"));
        Assert.True(registry.IsSupported("doc.pdf"));
        Assert.False(registry.IsSupported("old.doc"));
        Assert.False(registry.IsSupported("Makefile"));
    }

    [Fact]
    public void Unsupported_types_get_an_actionable_error()
    {
        var e = Assert.Throws<TailorException>(() => ExtractorRegistry.CreateDefault().Get("docs/manual.odt"));
        Assert.Contains("docs/manual.odt", e.Message);
        Assert.Contains(".odt", e.Message);
        Assert.Contains(".md", e.Message);
        Assert.Contains("--exclude", e.Message);
    }
}
