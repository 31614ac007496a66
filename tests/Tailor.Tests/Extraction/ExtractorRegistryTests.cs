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
    }

    [Fact]
    public void Lists_the_supported_extensions()
    {
        var registry = ExtractorRegistry.CreateDefault();
        Assert.Equal([".htm", ".html", ".jsonl", ".markdown", ".md", ".text", ".txt"], registry.SupportedExtensions);
        Assert.True(registry.IsSupported("doc.md"));
        Assert.False(registry.IsSupported("doc.pdf"));
        Assert.False(registry.IsSupported("Makefile"));
    }

    [Fact]
    public void Unsupported_types_get_an_actionable_error()
    {
        var e = Assert.Throws<TailorException>(() => ExtractorRegistry.CreateDefault().Get("docs/manual.pdf"));
        Assert.Contains("docs/manual.pdf", e.Message);
        Assert.Contains(".pdf", e.Message);
        Assert.Contains(".md", e.Message);
        Assert.Contains("--exclude", e.Message);
    }
}
