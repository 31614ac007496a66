using Tailor.Testing;

namespace Tailor.Tests.Examples;

public sealed class ExampleStoreTests : IDisposable
{
    private readonly TempDirectory _temp = new("tailor-examples");
    private readonly KnowledgeBase _kb;

    public ExampleStoreTests() => _kb = KnowledgeBase.Open(_temp.File("kb"));

    [Fact]
    public void Add_list_remove_round_trip_and_refuse_duplicates()
    {
        var a = _kb.Examples.Add("How many vacation days?", "Fifteen days [1].");
        var b = _kb.Examples.Add("Who approves expenses?", "Your manager [1].", id: "expenses");
        Assert.StartsWith("ex-", a.Id);
        Assert.Equal("expenses", b.Id);
        Assert.Equal(["How many vacation days?", "Who approves expenses?"], _kb.Examples.List().Select(e => e.Input));

        var sameContent = Assert.Throws<TailorException>(() => _kb.Examples.Add(" How many vacation days? ", "Fifteen days [1]."));
        Assert.Contains(a.Id, sameContent.Message);
        var sameId = Assert.Throws<TailorException>(() => _kb.Examples.Add("Other", "Other", id: "expenses"));
        Assert.Contains("\"expenses\" already exists", sameId.Message);
        Assert.Throws<TailorException>(() => _kb.Examples.Add("  ", "x"));

        Assert.True(_kb.Examples.Remove("expenses"));
        Assert.False(_kb.Examples.Remove("expenses"));
        Assert.Equal([a.Id], _kb.Examples.List().Select(e => e.Id));
    }

    [Fact]
    public void Import_reads_every_supported_shape_and_counts_duplicates()
    {
        var file = _temp.Write("examples.jsonl", """
            {"input": "in one", "output": "out one"}
            {"question": "q two", "answer": "a two", "id": "second"}

            {"prompt": "p three", "completion": "c three"}
            {"messages": [{"role": "system", "content": "be brief"}, {"role": "user", "content": "u four"}, {"role": "assistant", "content": "a four"}]}
            {"input": "in one", "output": "out one"}
            """);
        _kb.Examples.Add("q two", "a two");
        var result = _kb.Examples.Import(file);
        Assert.Equal(new Tailor.Examples.ExampleImportResult(Added: 3, Duplicates: 2, Lines: 5), result);
        var stored = _kb.Examples.List();
        Assert.Equal(["q two", "in one", "p three", "u four"], stored.Select(e => e.Input));
        Assert.Equal("a four", stored[3].Output);

        var again = _kb.Examples.Import(file);
        Assert.Equal(0, again.Added);
        Assert.Equal(5, again.Duplicates);
    }

    [Fact]
    public async Task An_example_drawn_from_a_document_is_seen_only_by_readers_of_that_document()
    {
        await _kb.IngestAsync([_temp.Write("docs/open.md", "# Open\n\nAnyone may read this.\n"),
            _temp.Write("docs/secret.md", "---\nacl: [hr]\n---\n# Secret\n\nOnly HR may read this.\n")]);
        var file = _temp.Write("drawn.jsonl", """
            {"id": "from-secret", "input": "secret question", "output": "secret answer", "document": "secret.md"}
            {"id": "from-open", "messages": [{"role": "user", "content": "open question"}, {"role": "assistant", "content": "open answer"}], "document": "open.md"}
            {"id": "from-gone", "input": "gone question", "output": "gone answer", "document": "deleted.md"}
            {"id": "plain", "input": "plain question", "output": "plain answer"}
            """);
        Assert.Equal(4, _kb.Examples.Import(file).Added);

        Assert.Equal(["from-secret", "from-open", "from-gone", "plain"], _kb.Examples.List().Select(e => e.Id));
        Assert.Equal(["from-secret", "from-open", "plain"], _kb.Examples.List(["HR"]).Select(e => e.Id));
        Assert.Equal(["from-open", "plain"], _kb.Examples.List(["staff"]).Select(e => e.Id));
        Assert.Equal("open.md", _kb.Examples.List(["staff"])[0].Document);
        var picks = await _kb.ExampleSelector().SelectAsync("secret question", 4, groups: ["staff"]);
        Assert.DoesNotContain(picks, p => p.Example.Id == "from-secret");

        var bad = _temp.Write("bad-document.jsonl", """{"input": "q", "output": "a", "document": 7}""");
        var error = Assert.Throws<TailorException>(() => _kb.Examples.Import(bad));
        Assert.Contains("line 1: \"document\" must be the id of the document", error.Message);
    }

    [Fact]
    public void A_bad_import_names_each_bad_line_and_writes_nothing()
    {
        var file = _temp.Write("bad.jsonl", """
            {"input": "fine", "output": "fine"}
            {"input": "no output"}
            not json at all
            {"title": "x", "body": "y"}
            {"messages": [{"role": "user", "content": "only a question"}]}
            [1, 2]
            {"input": "", "output": "empty input"}
            """);
        var error = Assert.Throws<TailorException>(() => _kb.Examples.Import(file));
        Assert.Contains("6 line(s) are not examples; nothing was imported", error.Message);
        Assert.Contains("line 2: has \"input\" but no \"output\"", error.Message);
        Assert.Contains("line 3: not valid JSON", error.Message);
        Assert.Contains("line 4: expected {input, output}", error.Message);
        Assert.Contains("fields title, body", error.Message);
        Assert.Contains("line 5: \"messages\" needs a user message followed by an assistant message", error.Message);
        Assert.Contains("line 6: expected a JSON object, found array", error.Message);
        Assert.Contains("line 7: \"input\" and \"output\" must be non-empty strings", error.Message);
        Assert.DoesNotContain("line 1:", error.Message);
        Assert.Empty(_kb.Examples.List());
    }

    [Fact]
    public void Examples_persist_across_openings()
    {
        _kb.Examples.Add("persisted?", "yes");
        _kb.Dispose();
        using var reopened = KnowledgeBase.OpenExisting(_temp.File("kb"));
        Assert.Equal("yes", Assert.Single(reopened.Examples.List()).Output);
    }

    public void Dispose()
    {
        _kb.Dispose();
        _temp.Dispose();
    }
}
