using System.Text;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Microsoft.Extensions.DependencyInjection;
using Tailor.Server.Access;
using Tailor.Server.Hosting;
using Xunit.Abstractions;

namespace Tailor.Server.Tests.Web;

/// <summary>
/// The web page in Debian's Chromium against the real server on 127.0.0.1: uploads, a streamed and cited answer, the
/// cited passage, sessions across reloads, search with explain, a failed upload's reason, keys. No request may leave
/// 127.0.0.1. With TAILOR_SCREENSHOTS=DIR the tests also save screenshots of the views there.
/// </summary>
public sealed class WebPageTests(PageBrowser browser, ITestOutputHelper output) : IClassFixture<PageBrowser>
{
    private readonly List<string> _external = [];

    private static readonly string? ScreenshotFolder = Environment.GetEnvironmentVariable("TAILOR_SCREENSHOTS");

    private async Task<(IBrowserContext Context, IPage Page)> OpenAsync(ServerHarness server, string view = "chat", int width = 1280)
    {
        var (context, page) = await browser.OpenAsync(_external, width);
        await page.GotoAsync(new Uri(server.BaseAddress, "#" + view).AbsoluteUri);
        return (context, page);
    }

    private static async Task ScreenshotAsync(IPage page, string name)
    {
        if (string.IsNullOrEmpty(ScreenshotFolder)) return;
        Directory.CreateDirectory(ScreenshotFolder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, name + ".png"), FullPage = false });
    }

    [Fact]
    public async Task Two_dropped_files_upload_with_progress_and_finish_and_the_list_shows_them()
    {
        await using var server = await ServerHarness.StartAsync();
        var (context, page) = await OpenAsync(server, "documents");
        await using var _ = context;
        await Assertions.Expect(page.Locator("#kb")).ToHaveValueAsync("handbook");
        await page.FillAsync("#upload-tags", "policy");
        await page.FillAsync("#upload-acl", "staff");

        // a drop as the browser delivers it: a DataTransfer holding two files
        await page.EvaluateAsync(@"() => {
            const data = new DataTransfer();
            data.items.add(new File(['# Vacation policy\n\nEmployees get 25 vacation days per year. Contractors get 10 vacation days per year.\n'], 'vacation.md', { type: 'text/markdown' }));
            data.items.add(new File(['# Expenses\n\nTravel expenses are reimbursed within 30 days. Keep every receipt.\n'], 'expenses.md', { type: 'text/markdown' }));
            document.querySelector('#drop').dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
        }");

        foreach (var name in new[] { "vacation.md", "expenses.md" })
        {
            var item = page.Locator($".upload[data-file='{name}']");
            await Assertions.Expect(item.Locator("progress")).ToHaveCountAsync(1);
            await Assertions.Expect(item.Locator(".status")).ToHaveTextAsync("done");
            Assert.Equal("1", await item.Locator("progress").GetAttributeAsync("value"));
        }
        var rows = page.Locator("#documents tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(2);
        var vacation = page.Locator("#documents tr[data-id='vacation.md']");
        await Assertions.Expect(vacation).ToContainTextAsync("done");
        await Assertions.Expect(vacation.Locator("td").Nth(3)).ToHaveTextAsync("policy");
        await Assertions.Expect(vacation.Locator("td").Nth(4)).ToHaveTextAsync("staff");
        Assert.Matches("^[1-9]", await vacation.Locator("td").Nth(2).TextContentAsync());
        await Assertions.Expect(page.Locator("#doc-count")).ToHaveTextAsync("(2)");
        await ScreenshotAsync(page, "documents");

        // delete asks first; declining keeps the document, accepting removes it
        page.Dialog += async (_, dialog) => { if (dialog.Message.Contains("expenses.md")) await dialog.AcceptAsync(); else await dialog.DismissAsync(); };
        await page.Locator("#documents tr[data-id='expenses.md'] button").ClickAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#documents tr[data-id='expenses.md']")).ToHaveCountAsync(0);
        await page.Locator("#documents tr[data-id='vacation.md'] button").ClickAsync();
        await Assertions.Expect(page.Locator("#doc-count")).ToHaveTextAsync("(1)");
        var documents = server.App.Services.GetRequiredService<KnowledgeBaseRegistry>().Get("handbook").Open.Documents;
        Assert.Null(documents.Get("expenses.md"));
        Assert.NotNull(documents.Get("vacation.md"));
        Assert.Empty(_external);
    }

    [Fact]
    public async Task A_binary_file_picked_for_upload_shows_why_it_failed()
    {
        await using var server = await ServerHarness.StartAsync();
        var (context, page) = await OpenAsync(server, "documents");
        await using var _ = context;
        await Assertions.Expect(page.Locator("#kb")).ToHaveValueAsync("handbook");
        var bytes = new byte[4096];
        new Random(7).NextBytes(bytes);
        bytes[0] = 0x7f; bytes[1] = 0; bytes[2] = 0; bytes[3] = 0;
        await page.SetInputFilesAsync("#files", new[]
        {
            new FilePayload { Name = "notes.md", MimeType = "text/markdown", Buffer = Encoding.UTF8.GetBytes("# Notes\n\nThe garage has forty spaces.\n") },
            new FilePayload { Name = "scan.txt", MimeType = "text/plain", Buffer = bytes }, // accepted, then refused by ingestion
            new FilePayload { Name = "blob.bin", MimeType = "application/octet-stream", Buffer = bytes }, // refused at upload
        });
        foreach (var name in new[] { "scan.txt", "blob.bin" })
        {
            var item = page.Locator($".upload[data-file='{name}']");
            await Assertions.Expect(item).ToHaveAttributeAsync("data-status", "failed");
            await Assertions.Expect(item.Locator(".status")).ToHaveTextAsync("failed");
            var reason = (await item.Locator(".reasons").TextContentAsync())!;
            output.WriteLine($"reason shown for {name}: {reason}");
            Assert.Contains(name, reason);
        }
        await Assertions.Expect(page.Locator(".upload[data-file='scan.txt'] .reasons")).ToContainTextAsync("binary");
        await Assertions.Expect(page.Locator(".upload[data-file='blob.bin'] .reasons")).ToContainTextAsync("not a supported file type");
        await Assertions.Expect(page.Locator(".upload[data-file='notes.md'] .status")).ToHaveTextAsync("done");
        // the ingestion failure stays visible after a reload, from the job list
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("#failures")).ToContainTextAsync("scan.txt");
        await Assertions.Expect(page.Locator("#documents tbody tr")).ToHaveCountAsync(1);
        Assert.Empty(_external);
    }

    [Fact]
    public async Task An_answer_streams_in_with_citation_chips_that_open_the_quoted_passage_and_the_session_survives_a_reload()
    {
        var model = new PacedChatModel(messages => messages[^1].Content.Contains("And do unused days carry over", StringComparison.Ordinal)
            ? "Up to five unused days carry over into the next year [1]."
            : "Contractors get 10 vacation days per year [1].");
        await using var server = await ServerHarness.StartAsync(o => o with { ChatModel = model });
        await server.WaitJobAsync(await server.UploadAsync(ServerHarness.Handbook()));
        var (context, page) = await OpenAsync(server);
        await using var _ = context;
        await Assertions.Expect(page.Locator("#kb")).ToHaveValueAsync("handbook");

        // record every text the answer box shows while it streams
        await page.EvaluateAsync(@"() => {
            window.seen = [];
            new MutationObserver(() => { const a = document.querySelector('.answer.streaming'); if (a) window.seen.push(a.textContent); })
                .observe(document.querySelector('#turns'), { childList: true, subtree: true, characterData: true });
        }");
        await page.FillAsync("#question", "How many vacation days do contractors get?");
        await page.PressAsync("#question", "Enter");
        var answer = page.Locator(".answer").Last;
        await Assertions.Expect(answer.Locator(".chip").First).ToBeVisibleAsync();
        await Assertions.Expect(answer).ToContainTextAsync("Contractors get 10 vacation days per year");
        var seen = await page.EvaluateAsync<string[]>("() => window.seen");
        const string full = "Contractors get 10 vacation days per year [1].";
        Assert.Contains(seen, s => s.Length > 0 && s.Length < full.Length && full.StartsWith(s, StringComparison.Ordinal)); // a part before the whole

        await answer.Locator(".chip").First.ClickAsync();
        var passage = page.Locator("#passage");
        await Assertions.Expect(passage).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#passage-title")).ToContainTextAsync("vacation.md");
        await Assertions.Expect(passage.Locator("mark").First).ToContainTextAsync("Contractors get 10 vacation days per year");
        await Assertions.Expect(page.Locator("#passage-section")).ToContainTextAsync("Vacation policy");
        await Assertions.Expect(page.Locator("#passage-link")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^vacation\\.md#L[0-9]+-L[0-9]+$"));
        await Assertions.Expect(page.Locator("#passage-link")).ToContainTextAsync("vacation.md#L");
        await Assertions.Expect(page.Locator("#passage-close")).ToBeFocusedAsync();
        // the link opens the whole document, the cited chunk marked
        await page.ClickAsync("#passage-link");
        await Assertions.Expect(passage.Locator("p.cited mark").First).ToContainTextAsync("Contractors get 10 vacation days per year");
        await Assertions.Expect(passage.Locator("#passage-text p")).ToHaveCountAsync(server.App.Services.GetRequiredService<KnowledgeBaseRegistry>().Get("handbook").Open.Documents.Chunks("vacation.md").Count);

        // a follow-up in the same session
        await page.FillAsync("#question", "And do unused days carry over?");
        await page.ClickAsync("#ask");
        await Assertions.Expect(page.Locator(".answer")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator(".answer").Last).ToContainTextAsync("carry over into the next year");
        await Assertions.Expect(page.Locator(".answer").Last.Locator(".chip").First).ToBeVisibleAsync();
        await ScreenshotAsync(page, "chat");
        var title = (await page.Locator("#session-title").TextContentAsync())!;
        Assert.Equal("How many vacation days do contractors get", title);

        // reload: the session is listed, open, with both turns
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("#session-list .session")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#session-title")).ToHaveTextAsync(title);
        await Assertions.Expect(page.Locator(".turn.question")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator(".answer").First.Locator(".chip").First).ToBeVisibleAsync();

        // rename, with the keyboard, and it stays renamed after a reload
        await page.FocusAsync("#rename-session");
        await page.Keyboard.PressAsync("Enter");
        await page.FillAsync("#rename-name", "vacations");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#session-title")).ToHaveTextAsync("vacations");
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("#session-list .session")).ToContainTextAsync("vacations");
        await Assertions.Expect(page.Locator(".turn.question")).ToHaveCountAsync(2);

        // delete after confirming
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        await page.ClickAsync("#delete-session");
        await Assertions.Expect(page.Locator("#session-list .session")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#session-title")).ToHaveTextAsync("New chat");
        Assert.Empty(_external);
    }

    [Fact]
    public async Task An_offline_answer_that_is_not_found_says_so_plainly()
    {
        await using var server = await ServerHarness.StartAsync();
        await server.WaitJobAsync(await server.UploadAsync(ServerHarness.Handbook()));
        var (context, page) = await OpenAsync(server);
        await using var _ = context;
        await Assertions.Expect(page.Locator("#kb")).ToHaveValueAsync("handbook");
        await page.FillAsync("#question", "How many vacation days do contractors get?");
        await page.ClickAsync("#ask");
        await Assertions.Expect(page.Locator(".answer").Last).ToContainTextAsync("10 vacation days");
        await Assertions.Expect(page.Locator(".answer").Last.Locator(".chip").First).ToBeVisibleAsync();
        await page.FillAsync("#question", "zyxqv wubble frobnicate?");
        await page.ClickAsync("#ask");
        await Assertions.Expect(page.Locator(".answer").Last).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("not-found"));
        await Assertions.Expect(page.Locator(".answer").Last).ToContainTextAsync("Not found in the documents.");
        Assert.Empty(_external);
    }

    [Fact]
    public async Task Search_with_explain_shows_each_hits_ranks_and_fused_score_and_highlights_the_query_words()
    {
        await using var server = await ServerHarness.StartAsync();
        await server.WaitJobAsync(await server.UploadAsync(ServerHarness.Handbook()));
        var (context, page) = await OpenAsync(server, "search");
        await using var _ = context;
        await Assertions.Expect(page.Locator("#kb")).ToHaveValueAsync("handbook");
        await page.FillAsync("#query", "vacation days for contractors");
        await page.SelectOptionAsync("#mode", "hybrid");
        await page.FillAsync("#k", "5");
        await page.Keyboard.PressAsync("Enter");
        var hits = page.Locator("#hits .hit");
        await Assertions.Expect(hits.First).ToBeVisibleAsync();
        Assert.InRange(await hits.CountAsync(), 1, 5);
        var first = hits.First;
        await Assertions.Expect(first).ToContainTextAsync("Vacation policy");
        Assert.Matches("^[0-9]+$", await first.Locator("[data-field=lexical]").TextContentAsync());
        Assert.Matches("^([0-9]+|–)$", await first.Locator("[data-field=vector]").TextContentAsync());
        Assert.Matches(@"^(0?\.[0-9]{4}|[0-9]+\.[0-9]{4})$", await first.Locator("[data-field=fused]").TextContentAsync());
        var marks = await first.Locator(".hit-text mark").AllTextContentsAsync();
        Assert.Contains(marks, m => m.Equals("vacation", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(marks, m => m.Equals("contractors", StringComparison.OrdinalIgnoreCase));
        await Assertions.Expect(first.Locator(".link")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^vacation\\.md#L[0-9]+-L[0-9]+$"));
        await ScreenshotAsync(page, "search");

        // a filter that matches nothing gives no hits; lexical mode has no vector rank
        await page.FillAsync("#filter-source", "nothing-here/");
        await page.ClickAsync("#search-form button[type=submit]");
        await Assertions.Expect(page.Locator("#search-note")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^0 hits"));
        // the browser's back button returns to the view before
        await page.ClickAsync(".tab[data-view=quality]");
        await Assertions.Expect(page.Locator("#view-search")).ToBeHiddenAsync();
        await page.GoBackAsync();
        await Assertions.Expect(page.Locator("#view-search")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".tab[data-view=search]")).ToHaveAttributeAsync("aria-pressed", "true");
        await page.FillAsync("#filter-source", "");
        await page.SelectOptionAsync("#mode", "lexical");
        await page.CheckAsync("#use-mmr");
        await page.ClickAsync("#search-form button[type=submit]");
        await Assertions.Expect(hits.First.Locator("[data-field=vector]")).ToHaveTextAsync("–");
        Assert.Empty(_external);
    }

    [Fact]
    public async Task When_the_server_needs_a_key_the_page_asks_for_one_a_wrong_key_shows_a_message_and_the_right_one_is_kept_for_the_tab()
    {
        await using var server = await ServerHarness.StartAsync();
        var (_, reader) = new KeyStore(server.KbDirectory).Create("reader", KeyScope.Read);
        var (context, page) = await OpenAsync(server);
        await using var _ = context;
        await Assertions.Expect(page.Locator("#key-form")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#message")).ToContainTextAsync("A key is needed");
        await Assertions.Expect(page.Locator("#key")).ToBeFocusedAsync();

        await page.FillAsync("#key", "tk_wrong-key");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#message")).ToContainTextAsync("unknown or revoked");
        await Assertions.Expect(page.Locator("#key-form")).ToBeVisibleAsync();

        await page.FillAsync("#key", reader);
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#kb")).ToHaveValueAsync("handbook");
        await Assertions.Expect(page.Locator("#key-form")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("#message")).ToBeHiddenAsync();
        Assert.Equal(reader, await page.EvaluateAsync<string>("() => sessionStorage.getItem('tailor.key')"));
        Assert.Null(await page.EvaluateAsync<string?>("() => localStorage.getItem('tailor.key')"));

        // a read key may not upload: 403 is a message, not a blank page
        await page.ClickAsync(".tab[data-view=documents]");
        await page.SetInputFilesAsync("#files", new FilePayload { Name = "a.md", MimeType = "text/markdown", Buffer = Encoding.UTF8.GetBytes("# A\n\nText.\n") });
        await Assertions.Expect(page.Locator("#message")).ToContainTextAsync("Not allowed with this key");
        await Assertions.Expect(page.Locator("#message")).ToContainTextAsync("--scope write");

        // the key lasts for the tab: a reload keeps it, a new tab (context) asks again
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("#kb")).ToHaveValueAsync("handbook");
        await Assertions.Expect(page.Locator("#key-form")).ToBeHiddenAsync();
        var (other, second) = await OpenAsync(server);
        await using var __ = other;
        await Assertions.Expect(second.Locator("#key-form")).ToBeVisibleAsync();
        Assert.Empty(_external);
    }

    [Fact]
    public async Task The_quality_view_shows_the_latest_eval_qa_report_or_says_there_is_none()
    {
        string samples = Path.Combine(Tailor.Testing.RepoPaths.Samples, "quickstart");
        await using var server = await ServerHarness.StartAsync(prepare: kbDir =>
        {
            Assert.Equal(0, Tailor.Testing.CliProcess.Run(["ingest", Path.Combine(samples, "handbook"), Path.Combine(samples, "product"), "--kb", kbDir]).ExitCode);
        });
        var (context, page) = await OpenAsync(server, "quality");
        await using var _ = context;
        await Assertions.Expect(page.Locator("#quality")).ToContainTextAsync("has no quality report yet");

        await server.App.StopAsync(); // eval-qa opens the knowledge base itself
        var eval = Tailor.Testing.CliProcess.Run(["eval-qa", "--kb", server.KbDirectory, "--questions", Path.Combine(samples, "questions.jsonl"), "--json"]);
        Assert.True(eval.ExitCode == 0, eval.StdErr);
        var questions = System.Text.Json.JsonDocument.Parse(eval.StdOut).RootElement.GetProperty("questions").GetInt32();
        await using var restarted = await ServerHarness.StartAsync(o => o with { KnowledgeBase = server.KbDirectory });
        await page.GotoAsync(new Uri(restarted.BaseAddress, "#quality").AbsoluteUri);
        await Assertions.Expect(page.Locator("#quality")).ToContainTextAsync($"{questions} questions, k = 5");
        await Assertions.Expect(page.Locator("#quality tbody tr")).ToHaveCountAsync(questions);
        await Assertions.Expect(page.Locator("#quality .rates")).ToContainTextAsync("hit@5");
        await ScreenshotAsync(page, "quality");
        Assert.Empty(_external);
    }

    [Fact]
    public async Task Every_view_passes_the_axe_accessibility_checks_with_content_in_it()
    {
        await using var server = await ServerHarness.StartAsync();
        await server.WaitJobAsync(await server.UploadAsync(ServerHarness.Handbook()));
        using (var turn = await server.Client.PostAsync("api/kbs/handbook/sessions/support/turns",
            new StringContent("{\"question\": \"How many vacation days do contractors get?\"}", Encoding.UTF8, "application/json")))
            Assert.True(turn.IsSuccessStatusCode);
        var (context, page) = await OpenAsync(server);
        await using var _ = context;
        await Assertions.Expect(page.Locator("#session-list .session")).ToHaveCountAsync(1);
        await page.ClickAsync("#session-list .session");
        await page.Locator(".chip").First.ClickAsync();
        await Assertions.Expect(page.Locator("#passage mark").First).ToBeVisibleAsync();
        var problems = new List<string>();
        async Task CheckAsync(string view)
        {
            var result = await page.RunAxe();
            output.WriteLine($"{view}: {result.Passes.Length} axe rules passed, {result.Violations.Length} violated");
            Assert.NotEmpty(result.Passes);
            foreach (var v in result.Violations)
                problems.Add($"{view}: {v.Id} ({v.Impact}) {v.Help}: {string.Join(" | ", v.Nodes.Select(n => n.Html))}");
        }
        await CheckAsync("chat");
        await page.ClickAsync(".tab[data-view=documents]");
        await Assertions.Expect(page.Locator("#documents tbody tr")).ToHaveCountAsync(12);
        await CheckAsync("documents");
        await page.ClickAsync(".tab[data-view=search]");
        await page.FillAsync("#query", "vacation");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#hits .hit").First).ToBeVisibleAsync();
        await CheckAsync("search");
        await page.ClickAsync(".tab[data-view=quality]");
        await Assertions.Expect(page.Locator("#quality")).ToContainTextAsync("no quality report");
        await CheckAsync("quality");
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.Empty(_external);
    }

    [Fact]
    public async Task The_first_load_comes_only_from_127_0_0_1_and_stays_under_150_KB()
    {
        await using var server = await ServerHarness.StartAsync();
        await server.WaitJobAsync(await server.UploadAsync(ServerHarness.Handbook()));
        var (context, page) = await browser.OpenAsync(_external);
        await using var _ = context;
        var responses = new List<IResponse>();
        page.Response += (_, response) => { lock (responses) responses.Add(response); };
        await page.GotoAsync(server.BaseAddress.AbsoluteUri, new PageGotoOptions { WaitUntil = WaitUntilState.NetworkIdle });
        await Assertions.Expect(page.Locator("#kb")).ToHaveValueAsync("handbook");
        long total = 0;
        foreach (var response in responses.ToList())
        {
            var body = await response.BodyAsync();
            total += body.Length;
            output.WriteLine($"{response.Status} {body.Length,7} {response.Url}");
            Assert.Equal("127.0.0.1", new Uri(response.Url).Host);
        }
        output.WriteLine($"first load: {responses.Count} responses, {total} bytes uncompressed");
        Assert.Contains(responses, r => r.Url.EndsWith("/ui/app.js", StringComparison.Ordinal));
        Assert.InRange(total, 1, 150 * 1024);
        Assert.Empty(_external);

        // a reload revalidates the page's files (ETag) instead of fetching them again; a context that routes requests
        // has the browser cache off, so this uses a plain one (the page is the same, its requests were checked above)
        await using (var plain = await browser.Browser.NewContextAsync())
        {
            var fresh = await plain.NewPageAsync();
            await fresh.GotoAsync(server.BaseAddress.AbsoluteUri, new PageGotoOptions { WaitUntil = WaitUntilState.NetworkIdle });
            var reloaded = new List<IResponse>();
            fresh.Response += (_, response) => { lock (reloaded) reloaded.Add(response); };
            await fresh.ReloadAsync(new PageReloadOptions { WaitUntil = WaitUntilState.NetworkIdle });
            await Assertions.Expect(fresh.Locator("#kb")).ToHaveValueAsync("handbook");
            var files = reloaded.Where(r => new Uri(r.Url).AbsolutePath is "/" || new Uri(r.Url).AbsolutePath.StartsWith("/ui/", StringComparison.Ordinal)).ToList();
            foreach (var r in files) output.WriteLine($"reload: {r.Status} {r.Url} {(await r.Request.AllHeadersAsync()).GetValueOrDefault("if-none-match")}");
            Assert.Equal(9, files.Count);
            foreach (var r in files) Assert.True((await r.Request.AllHeadersAsync()).ContainsKey("if-none-match"), $"{r.Url} was not revalidated");
            // the browser reports the main document revalidated as its cached 200 (the server's 304 to such a request is
            // checked in WebPageServingTests); the modules and the stylesheet show the 304 itself
            Assert.All(files.Where(r => new Uri(r.Url).AbsolutePath != "/"), r => Assert.Equal(304, r.Status));
        }

        // usable at 400 px: nothing wider than the window
        await page.SetViewportSizeAsync(400, 800);
        foreach (var view in new[] { "chat", "documents", "search", "quality" })
        {
            await page.ClickAsync($".tab[data-view={view}]");
            var width = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
            var wide = await page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 400.5).map(e => e.tagName + '#' + e.id + '.' + e.className)");
            Assert.True(width <= 400, $"{view} is {width} px wide at a 400 px window: {string.Join(", ", wide)}");
        }
    }
}
