using System.Text;
using Tailor.Extraction;

namespace Tailor.Tests.Extraction;

public class JsonlExtractorTests
{
    private static ExtractionResult Extract(string jsonl) => new JsonlExtractor().Extract(Encoding.UTF8.GetBytes(jsonl), "corpus.jsonl");

    [Fact]
    public void Reads_beir_records_with_ids_titles_and_metadata()
    {
        var result = Extract("""
            {"_id": "d1", "title": "First", "text": "Alpha text.\n\nSecond para.", "metadata": {"url": "http://x", "n": 3}, "lang": "en"}

            {"id": 42, "text": "Numeric id"}
            """);
        Assert.Empty(result.Problems);
        Assert.Equal(2, result.Documents.Count);
        var first = result.Documents[0];
        Assert.Equal("d1", first.Id);
        Assert.Equal("First", first.Title);
        Assert.Equal("jsonl", first.Format);
        Assert.Equal(["Alpha text.", "Second para."], first.Blocks.Select(b => b.Text));
        Assert.All(first.Blocks, b => Assert.Equal((1, 1), (b.LineStart, b.LineEnd)));
        Assert.Equal("en", first.Metadata["lang"]);
        Assert.Equal("http://x", first.Metadata["metadata.url"]);
        Assert.Equal("3", first.Metadata["metadata.n"]);
        var second = result.Documents[1];
        Assert.Equal("42", second.Id);
        Assert.Equal("", second.Title);
        Assert.Equal(3, second.Blocks[0].LineStart);
    }

    [Fact]
    public void Bad_lines_are_problems_with_line_numbers_and_the_rest_is_kept()
    {
        var result = Extract("""
            {"_id": "a", "text": "ok"}
            {"_id": "b", "text": "unterminated
            not json at all
            [1, 2]
            {"text": "no id"}
            {"_id": "c"}
            {"_id": "a", "text": "again"}
            {"_id": "d", "text": "trailing"} junk
            {"_id": "e", "text": "fine"}
            """);
        Assert.Equal(["a", "e"], result.Documents.Select(d => d.Id));
        Assert.Equal(7, result.Problems.Count);
        Assert.StartsWith("line 2: not valid JSON", result.Problems[0]);
        Assert.StartsWith("line 3: not valid JSON", result.Problems[1]);
        Assert.Equal("line 4: not a JSON object; fix or remove the line", result.Problems[2]);
        Assert.StartsWith("line 5: no \"_id\" or \"id\" field", result.Problems[3]);
        Assert.StartsWith("line 6: no \"text\" field in record \"c\"", result.Problems[4]);
        Assert.Equal("line 7: duplicate id \"a\" (first on line 1); fix or remove the line", result.Problems[5]);
        Assert.StartsWith("line 8: extra characters", result.Problems[6]);
        Assert.All(result.Problems, p => Assert.EndsWith("the line", p));
    }

    [Fact]
    public void Crlf_lines_and_bom_are_handled()
    {
        byte[] bytes = [0xEF, 0xBB, 0xBF, .. "{\"_id\":\"x\",\"text\":\"a\"}\r\n{\"_id\":\"y\",\"text\":\"b\"}\r\n"u8];
        var result = new JsonlExtractor().Extract(bytes, "c.jsonl");
        Assert.Empty(result.Problems);
        Assert.Equal(["x", "y"], result.Documents.Select(d => d.Id));
    }

    [Fact]
    public void Title_only_record_is_kept()
    {
        var doc = Assert.Single(Extract("{\"_id\":\"t\",\"title\":\"Only a title\",\"text\":\"\"}").Documents);
        Assert.Equal("Only a title", doc.Title);
        Assert.Empty(doc.Blocks);
    }

    [Fact]
    public void Reads_the_cisi_corpus_without_problems()
    {
        string path = Path.Combine(Tailor.Testing.RepoPaths.Cisi, "corpus.jsonl");
        var result = new JsonlExtractor().Extract(File.ReadAllBytes(path), "corpus.jsonl");
        Assert.Empty(result.Problems);
        Assert.Equal(1460, result.Documents.Count);
        Assert.All(result.Documents, d => Assert.False(string.IsNullOrEmpty(d.Id)));
    }
}
