using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Tailor.Testing;
using Tailor.Testing.Documents;
using Tailor.Testing.OpenAi;

namespace Tailor.Cli.Tests.Commands;

/// <summary>
/// `tailor ingest --redact`: planted sensitive values in a Markdown file and a Word document are reported,
/// and once redacted none of them is in the chunks, the lexical index, the vector cache, a search hit, or
/// any request sent to the embedding and chat server.
/// </summary>
public sealed class IngestRedactTests : IDisposable
{
    private readonly TempDirectory _temp = new("tailor-redact-cli");

    private static readonly string[] Planted =
    [
        "jane.doe@example.com", "+44 20 7946 0958", "4111 1111 1111 1111", "DE89 3704 0044 0532 0130 00",
        "123-45-6789", "192.168.14.27", "ghp_Zq4xP0aT7mB2nK9sL1cV8dR3wY6uE5hJ2fGi", "AKIAIOSFODNN7EXAMPLE",
    ];

    private string Kb => _temp.File("kb");

    private void WriteDocuments()
    {
        _temp.Write("docs/oncall.md", $"""
            # On-call

            The escalation contact for outages is Jane, mail {Planted[0]} or call {Planted[1]}.
            Refunds go to card {Planted[2]} and the supplier account {Planted[3]}.
            """);
        var docx = SampleFiles.Docx(null, [("Heading1", "Vault"), ("", $"The vault record lists social security number {Planted[4]} for the escalation host {Planted[5]}."),
            ("", $"Deploy tokens of the escalation robot: {Planted[6]} and {Planted[7]}.")]);
        File.WriteAllBytes(_temp.File("docs/vault.docx"), docx);
    }

    private Dictionary<string, string?> Env(Uri baseUrl) => new()
    {
        ["TAILOR_CONFIG"] = _temp.Write("config.json", "{ \"openai\": { \"maxRetries\": 0, \"timeoutSeconds\": 60 } }"),
        ["OPENAI_BASE_URL"] = baseUrl.ToString(),
        ["TAILOR_CHAT_MODEL"] = "test-model",
        ["TAILOR_EMBEDDING_MODEL"] = "test-embed",
        ["OPENAI_API_KEY"] = "",
        ["AZURE_OPENAI_ENDPOINT"] = "",
    };

    private static JsonElement Json(CliProcess.Result r)
    {
        Assert.True(r.ExitCode == 0, r.StdOut + r.StdErr);
        return JsonDocument.Parse(r.StdOut).RootElement.Clone();
    }

    /// <summary>The forms a planted value may take: as written, and its digits or characters without separators.</summary>
    private static IEnumerable<string> Forms(string value)
    {
        yield return value;
        var compact = Regex.Replace(value, "[ -]", "");
        if (compact != value) yield return compact;
    }

    [Fact]
    public async Task Redacted_values_reach_no_chunk_index_cache_search_or_request()
    {
        WriteDocuments();
        await using var server = await OpenAiTestServer.StartAsync();
        var env = Env(server.BaseUrl);
        var ingest = Json(CliProcess.Run(["ingest", _temp.File("docs"), "--kb", Kb, "--json", "--redact", "all"], env: env));
        var found = ingest.GetProperty("sensitive").EnumerateArray()
            .Select(s => (s.GetProperty("document").GetString(), s.GetProperty("kind").GetString(), s.GetProperty("count").GetInt32(), s.GetProperty("redacted").GetBoolean())).ToList();
        Assert.Equal(
            [("oncall.md", "email", 1, true), ("oncall.md", "phone", 1, true), ("oncall.md", "card", 1, true), ("oncall.md", "iban", 1, true),
             ("vault.docx", "ssn", 1, true), ("vault.docx", "ip", 1, true), ("vault.docx", "secret", 2, true)],
            found);

        // every file of the knowledge base: the SQLite store with chunks and the vector cache, the lexical index, the manifest
        foreach (var file in Directory.EnumerateFiles(Kb, "*", SearchOption.AllDirectories))
        {
            var bytes = File.ReadAllBytes(file);
            var text = Encoding.UTF8.GetString(bytes) + Encoding.Unicode.GetString(bytes);
            foreach (var value in Planted)
                foreach (var form in Forms(value))
                    Assert.False(text.Contains(form, StringComparison.Ordinal), $"{form} is in {Path.GetFileName(file)}");
        }

        var search = Json(CliProcess.Run(["search", "escalation contact card account vault token", "--kb", Kb, "--json", "-k", "10"], env: env));
        var hits = search.GetProperty("hits").EnumerateArray().Select(h => h.GetProperty("text").GetString()!).ToList();
        Assert.Contains(hits, h => h.Contains("[EMAIL]", StringComparison.Ordinal) && h.Contains("[CARD]", StringComparison.Ordinal) && h.Contains("[IBAN]", StringComparison.Ordinal));
        Assert.Contains(hits, h => h.Contains("[SSN]", StringComparison.Ordinal) && h.Contains("[IP]", StringComparison.Ordinal));
        Assert.Contains(hits, h => h.Contains("[SECRET] and [SECRET]", StringComparison.Ordinal));
        foreach (var value in Planted)
        {
            var byValue = Json(CliProcess.Run(["search", value, "--kb", Kb, "--json", "--mode", "lexical"], env: env));
            Assert.All(byValue.GetProperty("hits").EnumerateArray(), h => Assert.DoesNotContain(value, h.GetProperty("text").GetString()!, StringComparison.Ordinal));
        }

        server.ChatReply = _ => "Mail the escalation contact [1].";
        Json(CliProcess.Run(["ask", "Who is the escalation contact for outages?", "--kb", Kb, "--json"], env: env));
        Assert.NotEmpty(server.RequestsTo("chat/completions"));
        Assert.NotEmpty(server.RequestsTo("embeddings"));
        foreach (var request in server.Requests)
            foreach (var value in Planted)
                foreach (var form in Forms(value))
                    Assert.DoesNotContain(form, request.Body, StringComparison.Ordinal);
        Assert.Contains(server.RequestsTo("chat/completions"), r => r.Body.Contains("[EMAIL]", StringComparison.Ordinal));
    }

    [Fact]
    public void Without_redact_the_findings_are_reported_and_kept()
    {
        WriteDocuments();
        var r = CliProcess.Run(["ingest", _temp.File("docs"), "--kb", Kb]);
        Assert.True(r.ExitCode == 0, r.StdErr);
        Assert.Contains("sensitive oncall.md: 1 email, 1 phone, 1 card, 1 iban", r.StdOut, StringComparison.Ordinal);
        Assert.Contains("--redact all", r.StdOut, StringComparison.Ordinal);
        var search = Json(CliProcess.Run(["search", "escalation contact mail", "--kb", Kb, "--json", "--mode", "lexical"]));
        Assert.Contains(search.GetProperty("hits").EnumerateArray(), h => h.GetProperty("text").GetString()!.Contains(Planted[0], StringComparison.Ordinal));
    }

    [Fact]
    public void An_unknown_kind_is_refused_naming_it()
    {
        WriteDocuments();
        var r = CliProcess.Run(["ingest", _temp.File("docs"), "--kb", Kb, "--redact", "email,passport"]);
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("unknown kind \"passport\"", r.StdErr, StringComparison.Ordinal);
    }

    public void Dispose() => _temp.Dispose();
}
