using Tailor.Evaluation.Datasets;
using Tailor.Testing;

namespace Tailor.Evaluation.Tests.Datasets;

public sealed class BeirDatasetTests
{
    private const string Header = "query-id\tcorpus-id\tscore\n";

    private static TempDirectory Dataset(string corpus, string queries, string qrels)
    {
        var dir = new TempDirectory("tailor-beir");
        dir.Write("corpus.jsonl", corpus);
        dir.Write("queries.jsonl", queries);
        dir.Write("qrels/test.tsv", qrels);
        return dir;
    }

    private const string Corpus = """
        {"_id": "d1", "title": "Cats", "text": "Cats purr.", "metadata": {"x": 1}}
        {"_id": "d2", "title": "Dogs", "text": "Dogs bark."}
        {"_id": "d3", "text": ""}
        """;

    private const string Queries = """
        {"_id": "q1", "text": "why do cats purr"}
        {"_id": "q2", "text": "dogs"}
        {"_id": "q3", "text": "unjudged"}
        """;

    [Fact]
    public void Loads_only_queries_with_a_relevant_judgment_in_file_order()
    {
        using var dir = Dataset(Corpus, Queries, Header + "q2\td2\t2\nq1\td1\t1\nq1\td2\t0\nq3\td3\t0\n");
        var dataset = BeirDataset.Load(dir.Path);
        Assert.Equal(3, dataset.DocumentCount);
        Assert.Equal(["q1", "q2"], dataset.JudgedQueries.Select(q => q.Id));
        Assert.Equal(1, dataset.Judgments["q1"].RelevantCount);
        Assert.Equal(0, dataset.Judgments["q1"].Grade("d2"));
        Assert.Equal(2, dataset.Judgments["q2"].Grade("d2"));
        Assert.Equal(Path.GetFileName(dir.Path), dataset.Name);
    }

    [Fact]
    public void Corpus_reader_ignores_extra_fields_and_defaults_a_missing_title()
    {
        using var dir = Dataset(Corpus, Queries, Header);
        var docs = BeirReader.ReadCorpus(dir.File("corpus.jsonl")).ToList();
        Assert.Equal(3, docs.Count);
        Assert.Equal(new BeirDocument("d1", "Cats", "Cats purr."), docs[0]);
        Assert.Equal("", docs[2].Title);
    }

    [Theory]
    [InlineData("{\"_id\": \"d1\", \"text\": \"a\"}\n{\"_id\": \"d2\" \"text\": \"b\"}\n", 2, "not valid JSON")]
    [InlineData("{\"_id\": \"d1\", \"text\": \"a\"}\n\n{\"title\": \"t\", \"text\": \"b\"}\n", 3, "missing \"_id\"")]
    [InlineData("{\"_id\": 7, \"text\": \"a\"}\n", 1, "\"_id\" is Number")]
    [InlineData("{\"_id\": \"d1\", \"text\": \"a\"}\n{\"_id\": \"d1\", \"text\": \"b\"}\n", 2, "duplicate _id \"d1\"")]
    [InlineData("[1, 2]\n", 1, "expected a JSON object")]
    [InlineData("{\"_id\": \"d1\"}\n", 1, "missing \"text\"")]
    public void Malformed_corpus_lines_are_reported_with_file_and_line(string corpus, int line, string what)
    {
        using var dir = Dataset(corpus, Queries, Header + "q1\td1\t1\n");
        var ex = Assert.Throws<TailorException>(() => BeirDataset.Load(dir.Path));
        Assert.Contains($"corpus.jsonl line {line}:", ex.Message);
        Assert.Contains(what, ex.Message);
    }

    [Fact]
    public void Invalid_utf8_names_its_line()
    {
        using var dir = Dataset(Corpus, Queries, Header + "q1\td1\t1\n");
        var bytes = new List<byte>();
        bytes.AddRange("{\"_id\": \"d1\", \"text\": \"a\"}\n{\"_id\": \"d2\", \"text\": \""u8.ToArray());
        bytes.AddRange([0xC3, 0x28]);
        bytes.AddRange("\"}\n"u8.ToArray());
        File.WriteAllBytes(dir.File("corpus.jsonl"), [.. bytes]);
        var ex = Assert.Throws<TailorException>(() => BeirDataset.Load(dir.Path));
        Assert.Contains("corpus.jsonl line 2: not valid UTF-8", ex.Message);
    }

    [Theory]
    [InlineData("q1\td1\t1\n", 1, "expected the header")]
    [InlineData(Header + "q1\td1\t1\nq1 d2 1\n", 3, "expected 3 tab-separated fields")]
    [InlineData(Header + "q1\td1\thigh\n", 2, "score \"high\" is not an integer")]
    [InlineData(Header + "q1\td1\t1.5\n", 2, "is not an integer")]
    [InlineData(Header + "\td1\t1\n", 2, "empty query-id")]
    public void Malformed_qrels_lines_are_reported_with_file_and_line(string qrels, int line, string what)
    {
        using var dir = Dataset(Corpus, Queries, qrels);
        var ex = Assert.Throws<TailorException>(() => BeirDataset.Load(dir.Path));
        Assert.Contains($"test.tsv line {line}:", ex.Message);
        Assert.Contains(what, ex.Message);
    }

    [Fact]
    public void Malformed_query_lines_are_reported_with_file_and_line()
    {
        using var dir = Dataset(Corpus, "{\"_id\": \"q1\", \"text\": \"a\"}\n{\"_id\": \"q2\", \"text\": \"  \"}\n", Header + "q1\td1\t1\n");
        var ex = Assert.Throws<TailorException>(() => BeirDataset.Load(dir.Path));
        Assert.Contains("queries.jsonl line 2: \"text\" is empty", ex.Message);
    }

    [Fact]
    public void A_judged_query_missing_from_queries_is_an_error()
    {
        using var dir = Dataset(Corpus, Queries, Header + "q9\td1\t1\n");
        var ex = Assert.Throws<TailorException>(() => BeirDataset.Load(dir.Path));
        Assert.Contains("\"q9\"", ex.Message);
        Assert.Contains("not in queries.jsonl", ex.Message);
    }

    [Fact]
    public void Missing_files_and_folders_are_named()
    {
        using var dir = Dataset(Corpus, Queries, Header);
        File.Delete(dir.File("qrels/test.tsv"));
        var ex = Assert.Throws<TailorException>(() => BeirDataset.Load(dir.Path));
        Assert.Contains("test.tsv is missing", ex.Message);
        Assert.False(BeirDataset.TryLoad(Path.Combine(dir.Path, "nope"), out _, out var error));
        Assert.Contains("does not exist", error);
    }

    [Fact]
    public void Qrels_without_any_relevant_judgment_cannot_be_evaluated()
    {
        using var dir = Dataset(Corpus, Queries, Header + "q1\td1\t0\n");
        var ex = Assert.Throws<TailorException>(() => BeirDataset.Load(dir.Path));
        Assert.Contains("no relevant judgment", ex.Message);
    }

    [Fact]
    public void Cisi_has_the_expected_shape()
    {
        var dataset = BeirDataset.Load(RepoPaths.Cisi);
        Assert.Equal("cisi", dataset.Name);
        Assert.Equal(1460, dataset.DocumentCount);
        Assert.Equal(76, dataset.JudgedQueries.Count);
    }

    [Fact]
    public void Crlf_line_ends_a_bom_and_a_missing_final_newline_are_accepted()
    {
        using var dir = Dataset("\uFEFF{\"_id\": \"d1\", \"text\": \"a\"}\r\n{\"_id\": \"d2\", \"text\": \"b\"}",
            "{\"_id\": \"q1\", \"text\": \"a\"}\r\n", "query-id\tcorpus-id\tscore\r\nq1\td2\t1");
        var dataset = BeirDataset.Load(dir.Path);
        Assert.Equal(2, dataset.DocumentCount);
        Assert.Equal("d1", BeirReader.ReadCorpus(dir.File("corpus.jsonl")).First().Id);
        Assert.True(dataset.Judgments["q1"].IsRelevant("d2"));
    }
}
