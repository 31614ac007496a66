using System.Text.Json;
using System.Text.RegularExpressions;
using Tailor.Testing;

namespace Tailor.Tests.Answering;

/// <summary>Checks the bundled quickstart corpus that the answering demo relies on.</summary>
public partial class SampleCorpusTests
{
    private static string Folder => Path.Combine(RepoPaths.Samples, "quickstart");

    private static IEnumerable<string> Pages() =>
        Directory.EnumerateFiles(Folder, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".md", StringComparison.Ordinal) || f.EndsWith(".html", StringComparison.Ordinal));

    [Fact]
    public void Corpus_has_a_few_dozen_markdown_and_html_pages()
    {
        var pages = Pages().ToList();
        Assert.InRange(pages.Count, 25, 40);
        Assert.True(pages.Count(p => p.EndsWith(".md", StringComparison.Ordinal)) >= 10);
        Assert.True(pages.Count(p => p.EndsWith(".html", StringComparison.Ordinal)) >= 10);
        foreach (var page in pages)
        {
            int words = File.ReadAllText(page).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
            Assert.True(words >= 200, $"{page} has only {words} words");
        }
    }

    [Fact]
    public void Html_pages_have_boilerplate_to_strip_and_anchored_headings()
    {
        foreach (var page in Pages().Where(p => p.EndsWith(".html", StringComparison.Ordinal)))
        {
            string html = File.ReadAllText(page);
            Assert.Contains("<nav", html);
            Assert.Contains("<script", html);
            Assert.Contains("<footer", html);
            Assert.Contains("<title>", html);
            var headings = HeadingRegex().Matches(html);
            Assert.NotEmpty(headings);
            Assert.All(headings, h => Assert.Contains(" id=\"", h.Value));
        }
    }

    [Fact]
    public void Every_question_names_existing_sources_that_contain_the_answer_verbatim()
    {
        var lines = File.ReadAllLines(Path.Combine(Folder, "questions.jsonl")).Where(l => l.Trim().Length > 0).ToList();
        Assert.InRange(lines.Count, 10, 30);
        foreach (var line in lines)
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            string question = root.GetProperty("question").GetString()!;
            string answer = root.GetProperty("answer").GetString()!;
            var sources = root.GetProperty("expected_sources").EnumerateArray().Select(e => e.GetString()!).ToList();
            Assert.False(string.IsNullOrWhiteSpace(question));
            Assert.NotEmpty(sources);
            foreach (var source in sources)
            {
                Assert.False(Path.IsPathRooted(source), source);
                string path = Path.Combine(Folder, source);
                Assert.True(File.Exists(path), $"{question}: {source} does not exist");
                Assert.Contains(answer, File.ReadAllText(path));
            }
        }
    }

    [GeneratedRegex("<h[1-6][^>]*>")]
    private static partial Regex HeadingRegex();
}
