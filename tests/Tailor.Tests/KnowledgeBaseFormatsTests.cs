using Tailor.Retrieval;
using Tailor.Testing;
using Tailor.Testing.Documents;

namespace Tailor.Tests;

/// <summary>Every document format end to end: ingest → search hit → cited answer whose link names the page, sheet range, slide or lines.</summary>
public sealed class KnowledgeBaseFormatsTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    private string WriteCorpus()
    {
        var dir = _temp.File("docs");
        Directory.CreateDirectory(dir);
        File.WriteAllBytes(Path.Combine(dir, "handbook.pdf"), SampleFiles.Pdf("Handbook",
            new SampleFiles.PdfPage("Welcome", ["This handbook describes how the company works."]),
            new SampleFiles.PdfPage("Parking", ["Employees park their bicycles in the basement garage near the lifts."])));
        File.WriteAllBytes(Path.Combine(dir, "travel.docx"), SampleFiles.Docx(null,
            [("Heading1", "Travel"), ("", "Flights to conferences are booked through the travel desk in Lisbon.")]));
        File.WriteAllBytes(Path.Combine(dir, "book.xlsx"), SampleFiles.Xlsx(("Offices", [["City", "Desks"], ["Oslo", "40"], ["Nairobi", "25"]])));
        File.WriteAllBytes(Path.Combine(dir, "deck.pptx"), SampleFiles.Pptx(
            ("Kickoff", ["Agenda for the year"], null),
            ("Mascot", ["The company mascot is a purple walrus named Gus."], "Gus appears on every badge")));
        File.WriteAllText(Path.Combine(dir, "menu.csv"), "dish,day\nlentil soup,Monday\nmushroom risotto,Tuesday\n");
        // one damaged file of every binary format: each a per-file failure while the rest ingest
        foreach (var name in new[] { "handbook.pdf", "travel.docx", "book.xlsx", "deck.pptx" })
        {
            var good = File.ReadAllBytes(Path.Combine(dir, name));
            File.WriteAllBytes(Path.Combine(dir, "broken-" + name), good.AsSpan(0, good.Length / 2).ToArray());
        }
        File.WriteAllBytes(Path.Combine(dir, "broken-menu.csv"), [0x50, 0x4B, 0x03, 0x04, 0, 0, 0x14, 0, 0, 0, 8, 0]); // a ZIP renamed .csv
        return dir;
    }

    [Fact]
    public async Task Each_format_is_found_and_cited_with_a_link_to_its_place()
    {
        var corpus = WriteCorpus();
        using var kb = KnowledgeBase.Open(_temp.File("kb"));
        var result = await kb.IngestAsync([corpus]);
        Assert.Equal(5, result.Added);
        Assert.Equal(5, result.Failed);
        Assert.All(result.Failures, f => Assert.Contains("broken-", f.Source, StringComparison.Ordinal));
        Assert.All(result.Failures.Where(f => !f.Source.EndsWith(".csv", StringComparison.Ordinal)), f => Assert.Contains("damaged", f.Error, StringComparison.Ordinal));
        Assert.Contains("binary file", Assert.Single(result.Failures, f => f.Source.EndsWith(".csv", StringComparison.Ordinal)).Error, StringComparison.Ordinal);

        await AssertFound(kb, "where do employees park bicycles", "handbook.pdf#page=2", "basement garage");
        await AssertFound(kb, "who books flights to conferences", "travel.docx", "travel desk in Lisbon");
        await AssertFound(kb, "how many desks in Nairobi", "book.xlsx#Offices!A1:B3", "Nairobi | 25");
        await AssertFound(kb, "what is the company mascot walrus", "deck.pptx#slide=2", "purple walrus");
        await AssertFound(kb, "which day is mushroom risotto", "menu.csv#L2-L3", "mushroom risotto | Tuesday");

        var answer = await kb.AskAsync("Where do employees park their bicycles?");
        Assert.True(answer.Found, answer.Reason);
        var citation = Assert.Single(answer.Citations, c => c.Link.EndsWith("handbook.pdf#page=2", StringComparison.Ordinal));
        Assert.Contains("basement garage", citation.Quote, StringComparison.Ordinal);

        var slide = await kb.AskAsync("What is the company mascot?");
        Assert.Contains(slide.Citations, c => c.Link.EndsWith("deck.pptx#slide=2", StringComparison.Ordinal) && c.Quote.Contains("walrus", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Cleaning_redact_in_the_saved_options_masks_every_later_ingest()
    {
        var dir = _temp.File("docs");
        Directory.CreateDirectory(dir);
        File.WriteAllBytes(Path.Combine(dir, "contacts.xlsx"), SampleFiles.Xlsx(("People", [["Name", "Mail", "Card"], ["Ana", "ana.silva@example.com", "4111 1111 1111 1111"]])));
        var options = new KnowledgeBaseOptions { Cleaning = new Tailor.Cleaning.TextCleaningOptions { Redact = [Tailor.Cleaning.SensitiveKind.Email] } };
        using (var created = KnowledgeBase.Open(_temp.File("kb"), options)) { }
        Assert.Contains("\"redact\": [", File.ReadAllText(Path.Combine(_temp.File("kb"), "tailor.json")), StringComparison.Ordinal);

        using var kb = KnowledgeBase.Open(_temp.File("kb")); // the saved options, not passed again
        var result = await kb.IngestAsync([dir]);
        Assert.Equal([("contacts.xlsx", Tailor.Cleaning.SensitiveKind.Email, 1, true), ("contacts.xlsx", Tailor.Cleaning.SensitiveKind.Card, 1, false)],
            result.Sensitive.Select(s => (s.DocumentId, s.Kind, s.Count, s.Redacted)));
        var hit = Assert.Single((await kb.SearchAsync("Ana", new SearchOptions { K = 1, Mode = SearchMode.Lexical })).Hits);
        Assert.Contains("Ana | [EMAIL] | 4111 1111 1111 1111", hit.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("ana.silva", hit.Text, StringComparison.Ordinal);

        // the same file with more kinds masked is read again, not skipped as unchanged
        var again = await kb.IngestAsync([dir], new Tailor.Ingestion.IngestOptions { Redact = [Tailor.Cleaning.SensitiveKind.Card] });
        Assert.Equal(1, again.Updated);
        var masked = Assert.Single((await kb.SearchAsync("Ana", new SearchOptions { K = 1, Mode = SearchMode.Lexical })).Hits);
        Assert.Contains("Ana | [EMAIL] | [CARD]", masked.Text, StringComparison.Ordinal);
    }

    private static async Task AssertFound(KnowledgeBase kb, string query, string linkEnd, string text)
    {
        var hits = (await kb.SearchAsync(query, new SearchOptions { K = 3, Mode = SearchMode.Lexical })).Hits;
        Assert.NotEmpty(hits);
        Assert.EndsWith(linkEnd, hits[0].Link, StringComparison.Ordinal);
        Assert.Contains(text, hits[0].Text, StringComparison.Ordinal);
    }

    public void Dispose() => _temp.Dispose();
}
