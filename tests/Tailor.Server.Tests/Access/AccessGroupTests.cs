using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Tailor.Server.Access;
using Tailor.Testing;

namespace Tailor.Server.Tests.Access;

/// <summary>
/// Planted secret documents and queries aimed at them (never naming the secret word, which only the documents hold):
/// a key outside their groups must never see a trace.
/// </summary>
public sealed class AccessGroupTests
{
    private const string Secret = "zanzibar";

    [Fact]
    public async Task A_key_never_reads_a_document_outside_its_groups()
    {
        // the model repeats the secret whenever a secret source reaches its prompt
        var model = new ScriptedChatModel(messages => messages.Any(m => m.Content.Contains(Secret, StringComparison.OrdinalIgnoreCase)) ? $"The {Secret} plan pays 9000 [1]." : "Nothing about it [1].");
        await using var server = await ServerHarness.StartAsync(o => o with { ChatModel = model });
        await server.WaitJobAsync(await server.UploadAsync(ServerHarness.Handbook()));
        // three ways to give groups: front matter, the upload field, the JSON field
        await server.WaitJobAsync(await server.UploadAsync(new Dictionary<string, string>
        {
            ["hr/salaries.md"] = $"---\nacl: [hr]\n---\n# Salaries\n\nThe {Secret} bonus plan pays executives 9000 euros. Salary bands are secret.\n",
        }));
        await server.WaitJobAsync(await server.UploadAsync(new Dictionary<string, string> { ["hr/reviews.md"] = $"# Reviews\n\nThe {Secret} review list names who is let go.\n" }, tags: null));
        using (var form = new MultipartFormDataContent { { new StringContent($"# Layoffs\n\nThe {Secret} layoff plan starts in May.\n"), "files", "hr/layoffs.md" }, { new StringContent("hr"), "acl" } })
        using (var upload = await server.Client.PostAsync("api/kbs/handbook/documents", form))
            await server.WaitJobAsync((await upload.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("job_id").GetString()!);
        using (var json = await server.Client.PostAsJsonAsync("api/kbs/handbook/documents", new { id = "hr/budget", text = $"The {Secret} budget is 2 million.", acl = new[] { "hr", "board" } }))
            await server.WaitJobAsync((await json.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("job_id").GetString()!);
        // the reviews file was uploaded without groups: make it secret too by re-uploading with the field
        using (var form = new MultipartFormDataContent { { new StringContent($"# Reviews\n\nThe {Secret} review list names who is let go.\n"), "files", "hr/reviews.md" }, { new StringContent("hr"), "acl" } })
        using (var upload = await server.Client.PostAsync("api/kbs/handbook/documents", form))
            await server.WaitJobAsync((await upload.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("job_id").GetString()!);

        var store = new KeyStore(server.KbDirectory);
        var (_, staff) = store.Create("staff", KeyScope.Read, ["staff"]);
        var (_, hr) = store.Create("hr", KeyScope.Read, ["HR"]);

        server.UseKey(staff);
        var seen = await EverythingAsync(server);
        Assert.DoesNotContain(Secret, seen, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("hr/", seen, StringComparison.Ordinal);
        Assert.Contains("vacation.md", seen); // the key does see the documents without groups
        Assert.Contains($"\"documents\":{ServerHarness.Handbook().Count}", seen); // and counts only those
        foreach (var id in new[] { "hr/salaries.md", "hr/budget", "hr/layoffs.md" })
        {
            using var get = await server.Client.GetAsync($"api/kbs/handbook/documents/{id}");
            Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
            Assert.DoesNotContain(Secret, await get.Content.ReadAsStringAsync());
        }

        server.UseKey(hr);
        var allowed = await EverythingAsync(server);
        Assert.Contains(Secret, allowed, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("hr/salaries.md", allowed);
        Assert.Contains("hr/budget", allowed);
        using var readable = await server.Client.GetAsync("api/kbs/handbook/documents/hr/salaries.md");
        Assert.Equal(HttpStatusCode.OK, readable.StatusCode);
    }

    [Fact]
    public async Task An_example_drawn_from_a_document_a_key_cannot_read_is_never_shown_to_it()
    {
        var model = new ScriptedChatModel(_ => "Here is the answer [1].");
        await using var server = await ServerHarness.StartAsync(o => o with { ChatModel = model });
        await server.WaitJobAsync(await server.UploadAsync(ServerHarness.Handbook()));
        await server.WaitJobAsync(await server.UploadAsync(new Dictionary<string, string>
        {
            ["hr/salaries.md"] = $"---\nacl: [hr]\n---\n# Salaries\n\nThe {Secret} bonus plan pays executives 9000 euros.\n",
        }));
        var lines = string.Join('\n',
            JsonSerializer.Serialize(new { id = "secret-ex", input = "What does the bonus plan for executives pay?", output = $"The {Secret} bonus plan pays 9000 euros.", document = "hr/salaries.md" }),
            JsonSerializer.Serialize(new { id = "open-ex", input = "How many vacation days do contractors get?", output = "Contractors get 10 days.", document = "vacation.md" }),
            JsonSerializer.Serialize(new { id = "plain-ex", input = "Where do bicycles park?", output = "In the courtyard." }));
        using (var import = await server.Client.PostAsync("api/kbs/handbook/examples", new StringContent(lines, Encoding.UTF8, "application/x-ndjson")))
            Assert.Equal(3, (await import.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("added").GetInt32());

        var store = new KeyStore(server.KbDirectory);
        var (_, staff) = store.Create("staff", KeyScope.Read, ["staff"]);
        var (_, hr) = store.Create("hr", KeyScope.Read, ["hr"]);
        const string Question = "What does the bonus plan for executives pay?";

        async Task<(List<string> Listed, List<string> Selected, List<string> InTurn)> ExamplesSeenAsync()
        {
            var list = await server.Client.GetFromJsonAsync<JsonElement>("api/kbs/handbook/examples");
            using var select = await server.Client.PostAsJsonAsync("api/kbs/handbook/examples/select", new { question = Question, k = 3 });
            var selected = await select.Content.ReadFromJsonAsync<JsonElement>();
            using var turn = await server.Client.PostAsJsonAsync($"api/kbs/handbook/sessions/s-{Guid.NewGuid():N}/turns", new { question = Question });
            var turned = await turn.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(turn.IsSuccessStatusCode, turned.GetRawText());
            return (list.GetProperty("examples").EnumerateArray().Select(e => e.GetProperty("id").GetString()!).ToList(),
                selected.GetProperty("examples").EnumerateArray().Select(e => e.GetProperty("id").GetString()!).ToList(),
                turned.GetProperty("examples").EnumerateArray().Select(e => e.GetString()!).ToList());
        }

        server.UseKey(staff);
        int before = model.Requests.Count;
        var staffSees = await ExamplesSeenAsync();
        using (var ask = await server.Client.PostAsJsonAsync("api/kbs/handbook/ask", new { question = Question }))
            Assert.Equal(HttpStatusCode.OK, ask.StatusCode);
        Assert.Equal(["open-ex", "plain-ex"], staffSees.Listed);
        Assert.DoesNotContain("secret-ex", staffSees.Selected);
        Assert.Equal(2, staffSees.Selected.Count);
        Assert.DoesNotContain("secret-ex", staffSees.InTurn);
        Assert.NotEmpty(staffSees.InTurn);
        var prompts = model.Requests.Skip(before).SelectMany(r => r).Select(m => m.Content).ToList();
        Assert.NotEmpty(prompts);
        Assert.All(prompts, p => Assert.DoesNotContain(Secret, p, StringComparison.OrdinalIgnoreCase)); // nor in any prompt of the turn or the ask

        server.UseKey(hr);
        var hrSees = await ExamplesSeenAsync();
        Assert.Equal(["secret-ex", "open-ex", "plain-ex"], hrSees.Listed);
        Assert.Equal("secret-ex", hrSees.Selected[0]);
        Assert.Contains("secret-ex", hrSees.InTurn);
    }

    [Fact]
    public async Task Documents_ingested_by_the_cli_with_acl_are_hidden_from_other_groups()
    {
        using var source = new TempDirectory();
        source.Write("board/minutes.md", $"# Minutes\n\nThe board approved the {Secret} merger.\n");
        source.Write("open/news.md", "# News\n\nThe board met on Tuesday.\n");
        await using var server = await ServerHarness.StartAsync(prepare: dir =>
        {
            Assert.Equal(0, CliProcess.Run(["ingest", Path.Combine(source.Path, "board"), "--acl", "board", "--kb", dir]).ExitCode);
            Assert.Equal(0, CliProcess.Run(["ingest", Path.Combine(source.Path, "open"), "--kb", dir]).ExitCode);
        });
        var store = new KeyStore(server.KbDirectory);
        server.UseKey(store.Create("staff", KeyScope.Read, ["staff"]).Secret);
        using var hidden = await server.Client.PostAsJsonAsync("api/kbs/handbook/search", new { query = "board merger approved" });
        var text = await hidden.Content.ReadAsStringAsync();
        Assert.Contains("news.md", text);
        Assert.DoesNotContain(Secret, text);
        server.UseKey(store.Create("board", KeyScope.Read, ["board"]).Secret);
        using var shown = await server.Client.PostAsJsonAsync("api/kbs/handbook/search", new { query = "board merger approved" });
        Assert.Contains(Secret, await shown.Content.ReadAsStringAsync());
    }

    /// <summary>Every response a reader can get that could mention a document, concatenated.</summary>
    private static async Task<string> EverythingAsync(ServerHarness server)
    {
        var all = new StringBuilder();
        async Task Add(HttpResponseMessage response)
        {
            using (response) all.Append(await response.Content.ReadAsStringAsync()).Append('\n');
        }
        var c = server.Client;
        foreach (var query in new[] { "bonus plan executives", "salary bands secret", "layoff plan May", "review list let go", "budget 2 million" })
        {
            await Add(await c.PostAsJsonAsync("api/kbs/handbook/search", new { query, k = 50, explain = true }));
            await Add(await c.PostAsJsonAsync("api/kbs/handbook/search", new { query, k = 50, mode = "lexical" }));
            await Add(await c.PostAsJsonAsync("api/kbs/handbook/ask", new { question = $"What is the {query}?" }));
            await Add(await c.PostAsJsonAsync("api/kbs/handbook/ask", new { question = $"What is the {query}?", stream = true }));
            await Add(await c.PostAsJsonAsync("api/kbs/handbook/sessions/probe/turns", new { question = $"Tell me about the {query}" }));
            await Add(await c.PostAsJsonAsync("v1/chat/completions", new { model = "handbook", messages = new[] { new { role = "user", content = $"What is the {query}?" } } }));
            await Add(await c.PostAsJsonAsync("v1/chat/completions", new { model = "handbook", stream = true, messages = new[] { new { role = "user", content = $"What is the {query}?" } } }));
        }
        await Add(await c.GetAsync("api/kbs/handbook/sessions/probe/messages"));
        await Add(await c.GetAsync("api/kbs/handbook/sessions"));
        await Add(await c.GetAsync("api/kbs/handbook/documents?limit=1000"));
        await Add(await c.GetAsync("api/kbs/handbook/jobs"));
        await Add(await c.GetAsync("api/kbs"));
        return all.ToString().Replace(" ", "", StringComparison.Ordinal) is var compact && compact.Contains("\"documents\":") ? all + "\n" + compact : all.ToString();
    }
}
