using Tailor.Answering;
using Tailor.Testing;

namespace Tailor.Tests.Answering;

public sealed class IntroducedCodeTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static string? CodeAfter(string text, string sentenceStart)
    {
        var units = QuoteSplitter.Split(text);
        var matching = units.Where(u => u.TextOf(text).StartsWith(sentenceStart, StringComparison.Ordinal)).ToList();
        Assert.True(matching.Count == 1, "units: " + string.Join(" | ", units.Select(u => u.TextOf(text))));
        var unit = matching[0];
        return IntroducedCode.After(text, unit, units) is { } span ? text[span] : null;
    }

    [Fact]
    public void A_sentence_ending_with_a_colon_or_a_lead_word_takes_the_code_after_it()
    {
        const string text = "Branches\n\nOnce the feature is merged, you can always delete the branch with\n\ngit branch -d feature\n\nThe branch must be merged first.";
        Assert.Equal("git branch -d feature", CodeAfter(text, "Once the feature"));

        const string block = "To start the server, run the following:\n\n  server --port 8080 \\\n    --verbose\n  tail -f server.log\n\nIt listens on all interfaces.";
        Assert.Equal("server --port 8080 \\\n    --verbose\n  tail -f server.log", CodeAfter(block, "To start"));
    }

    [Fact]
    public void A_code_block_with_a_blank_line_inside_is_taken_whole_when_the_next_part_is_code_too()
    {
        const string text = "Add these lines to the configuration:\n\n[server]\nport = 8080\n\n[log]\nlevel = debug\n\nThen restart the service.";
        Assert.Equal("[server]\nport = 8080\n\n[log]\nlevel = debug", CodeAfter(text, "Add these"));
    }

    [Fact]
    public void Prose_after_a_sentence_or_a_sentence_that_leads_nowhere_takes_nothing()
    {
        Assert.Null(CodeAfter("The options are these:\n\nThe first option keeps the data. The second deletes it.", "The options"));
        Assert.Null(CodeAfter("Delete the branch when it is merged.\n\ngit branch -d feature", "Delete the branch"));
        Assert.Null(CodeAfter("Choose a name and continue with it: names are short.\n\ngit branch feature", "Choose a name"));
        Assert.Null(CodeAfter("The last one is shown below:", "The last one"));
        Assert.Null(CodeAfter("Configure it as follows:\n\nNext steps\n\nThe service starts.", "Configure it"));
    }

    [Fact]
    public void Long_code_is_cut_at_the_line_limit()
    {
        var lines = Enumerable.Range(1, 30).Select(i => $"step-{i} --now");
        string text = "Run these commands:\n\n" + string.Join('\n', lines) + "\n\nDone.";
        var code = CodeAfter(text, "Run these")!;
        Assert.Equal(IntroducedCode.MaxLines, code.Split('\n').Length);
        Assert.StartsWith("step-1 --now", code, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("branches.md", "# Branches\n\nWhen a feature is merged, you can always delete the branch with:\n\n```\ngit branch -d feature\n```\n\nA branch that is not merged needs the capital option.\n", "How do I delete a merged branch?", "git branch -d feature")]
    [InlineData("backups.html", "<html><head><title>Backups</title></head><body><h1>Backups</h1><p>To dump a database into a script file, run the following command:</p><pre>pg_dump mydb &gt; db.sql</pre><p>Restore the file with psql.</p></body></html>", "How do I dump a database into a script file?", "pg_dump mydb > db.sql")]
    public async Task The_offline_answer_quotes_the_command_the_best_sentence_introduces(string file, string content, string question, string command)
    {
        _temp.Write("docs/" + file, content);
        _temp.Write("docs/other.md", "# Other\n\nThe garden needs compost and water in spring. The orchestra rehearses on Fridays.\n");
        using var kb = KnowledgeBase.Open(_temp.File("kb"));
        await kb.IngestAsync([_temp.File("docs")]);

        var answer = await kb.AskAsync(question);

        Assert.True(answer.Found, answer.Reason);
        Assert.Contains("\n```\n" + command + "\n```", answer.Text, StringComparison.Ordinal);
        var citation = Assert.Single(answer.Citations);
        Assert.EndsWith(file, citation.DocumentId, StringComparison.Ordinal);
        Assert.EndsWith(command, citation.Quote, StringComparison.Ordinal);
        // the quote, command included, is an exact part of the cited chunk
        Assert.Contains(citation.Quote, answer.Sources.Single(s => s.DocumentId == citation.DocumentId).Text, StringComparison.Ordinal);
        // the marker follows the sentence, the command follows on lines of its own
        Assert.True(answer.Text.IndexOf("[1]", StringComparison.Ordinal) < answer.Text.IndexOf(command, StringComparison.Ordinal));
    }
}
