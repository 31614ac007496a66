using System.Text.Json;
using Tailor.Testing;

namespace Tailor.Cli.Tests.Commands;

public sealed class QuickstartCommandTests : IDisposable
{
    private readonly TempDirectory _temp = new("tailor-quickstart");

    [Fact]
    public void Quickstart_answers_three_questions_with_citations()
    {
        var kb = _temp.File("kb");
        var r = CliProcess.Run(["quickstart", "--json", "--kb", kb]);
        Assert.True(r.ExitCode == 0, r.StdOut + r.StdErr);
        var json = JsonDocument.Parse(r.StdOut).RootElement;
        Assert.True(json.GetProperty("documents").GetInt32() >= 20, "the sample corpus should hold a few dozen pages");
        Assert.Equal(0, json.GetProperty("failed").GetInt32());
        var answers = json.GetProperty("answers").EnumerateArray().ToList();
        Assert.Equal(3, answers.Count);

        // Each answer must contain the phrase the sample questions expect, cited from an expected source.
        var expected = File.ReadLines(Path.Combine(RepoPaths.Samples, "quickstart", "questions.jsonl"))
            .Where(l => l.Trim().Length > 0).Take(3).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
        for (int i = 0; i < 3; i++)
        {
            var result = answers[i].GetProperty("result");
            Assert.Equal("extractive", result.GetProperty("model").GetString());
            Assert.True(result.GetProperty("found").GetBoolean(), $"no answer for: {expected[i].GetProperty("question").GetString()}");
            var text = result.GetProperty("answer").GetString()!;
            var phrase = expected[i].GetProperty("answer").GetString()!;
            Assert.Contains(phrase, text, StringComparison.OrdinalIgnoreCase);
            var citations = result.GetProperty("citations").EnumerateArray().ToList();
            Assert.NotEmpty(citations);
            // one citation per source, numbered 1, 2, ... in order, each with every passage quoted from it
            Assert.Equal(Enumerable.Range(1, citations.Count), citations.Select(c => c.GetProperty("n").GetInt32()));
            foreach (var c in citations)
            {
                Assert.Contains($"[{c.GetProperty("n").GetInt32()}]", text);
                var quotes = c.GetProperty("quotes").EnumerateArray().Select(q => q.GetString()!).ToList();
                Assert.NotEmpty(quotes);
                foreach (var quote in quotes) Assert.Contains(quote, text);
                Assert.StartsWith(c.GetProperty("source").GetString()!, c.GetProperty("link").GetString()!);
            }
            var sources = expected[i].GetProperty("expected_sources").EnumerateArray().Select(s => s.GetString()!).ToList();
            Assert.Contains(citations, c => sources.Any(s => c.GetProperty("document_id").GetString() == s));
        }

        // The kept knowledge base works with the other commands.
        var ask = CliProcess.Run(["ask", expected[0].GetProperty("question").GetString()!, "--kb", kb, "--json"]);
        Assert.Equal(0, ask.ExitCode);
        Assert.Equal("extractive", JsonDocument.Parse(ask.StdOut).RootElement.GetProperty("model").GetString());
    }

    [Fact]
    public void Unrelated_questions_get_a_plain_no_answer()
    {
        var kb = _temp.File("kb");
        Assert.Equal(0, CliProcess.Run(["quickstart", "--kb", kb]).ExitCode);
        var r = CliProcess.Run(["ask", "What is the airspeed velocity of an unladen swallow?", "--kb", kb, "--json"]);
        Assert.Equal(0, r.ExitCode);
        var json = JsonDocument.Parse(r.StdOut).RootElement;
        Assert.False(json.GetProperty("found").GetBoolean());
        Assert.Empty(json.GetProperty("citations").EnumerateArray());
    }

    public void Dispose() => _temp.Dispose();
}
