using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Tailor.Server.Tests.Api;

public sealed class DocumentEndpointsTests
{
    [Fact]
    public async Task Upload_is_accepted_with_a_job_that_ends_done_and_the_documents_are_searchable()
    {
        await using var server = await ServerHarness.StartAsync();
        var job = await server.WaitJobAsync(await server.UploadAsync(ServerHarness.Handbook(), tags: "policy"));
        Assert.Equal("done", job.GetProperty("status").GetString());
        Assert.Equal(ServerHarness.Handbook().Count, job.GetProperty("counts").GetProperty("added").GetInt32());

        var list = await server.Client.GetFromJsonAsync<JsonElement>("api/kbs/handbook/documents?limit=4");
        Assert.Equal(ServerHarness.Handbook().Count, list.GetProperty("count").GetInt64());
        var page = list.GetProperty("documents").EnumerateArray().ToList();
        Assert.Equal(4, page.Count);
        Assert.All(page, d => Assert.Equal("done", d.GetProperty("status").GetString()));
        var next = list.GetProperty("next").GetString();
        var rest = await server.Client.GetFromJsonAsync<JsonElement>($"api/kbs/handbook/documents?limit=100&after={next}");
        Assert.Equal(ServerHarness.Handbook().Count - 4, rest.GetProperty("documents").GetArrayLength());
        Assert.False(rest.TryGetProperty("next", out _));
        Assert.DoesNotContain(rest.GetProperty("documents").EnumerateArray(), d => page.Any(p => p.GetProperty("id").GetString() == d.GetProperty("id").GetString()));

        var doc = await server.Client.GetFromJsonAsync<JsonElement>("api/kbs/handbook/documents/vacation.md");
        Assert.Equal(["policy"], doc.GetProperty("document").GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Contains("25 vacation days", doc.GetProperty("chunks")[0].GetProperty("text").GetString());
    }

    [Fact]
    public async Task A_json_text_document_is_ingested_under_its_id_and_can_be_deleted()
    {
        await using var server = await ServerHarness.StartAsync();
        using var response = await server.Client.PostAsJsonAsync("api/kbs/handbook/documents", new { id = "faq/wifi", text = "The office wifi password rotates every Monday.", tags = new[] { "faq" } });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.StartsWith("/api/kbs/handbook/jobs/", response.Headers.Location?.OriginalString);
        var accepted = await response.Content.ReadFromJsonAsync<JsonElement>();
        var job = await server.WaitJobAsync(accepted.GetProperty("job_id").GetString()!);
        Assert.Equal("done", job.GetProperty("status").GetString());

        var search = await server.Client.PostAsJsonAsync("api/kbs/handbook/search", new { query = "wifi password" });
        var hits = (await search.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("hits");
        Assert.Equal("faq/wifi", hits[0].GetProperty("document_id").GetString());

        using var deleted = await server.Client.DeleteAsync("api/kbs/handbook/documents/faq/wifi");
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        using var gone = await server.Client.GetAsync("api/kbs/handbook/documents/faq/wifi");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal("application/problem+json", gone.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("../escape.md")]
    [InlineData("/etc/passwd.md")]
    [InlineData("a/../../b.md")]
    [InlineData("C:/windows.md")]
    [InlineData("nul\0byte.md")]
    [InlineData(".hidden.md")]
    [InlineData("program.exe")]
    public async Task A_file_name_that_could_escape_the_knowledge_base_is_refused(string name)
    {
        await using var server = await ServerHarness.StartAsync();
        // written by hand: HttpClient refuses to put such names in a header, an attacker's client does not
        var encoded = Uri.EscapeDataString(name);
        var body = "--b0undary\r\nContent-Disposition: form-data; name=\"files\"; filename*=UTF-8''" + encoded + "\r\nContent-Type: text/markdown\r\n\r\n# Sneaky\n\ntext\r\n--b0undary--\r\n";
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.TryAddWithoutValidation("Content-Type", "multipart/form-data; boundary=b0undary");
        using var response = await server.Client.PostAsync("api/kbs/handbook/documents", content);
        var problem = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("files", problem);
        Assert.False(File.Exists(Path.Combine(server.Folder, "escape.md")));
        Assert.False(File.Exists(Path.Combine(server.KbDirectory, "escape.md")));
        Assert.Empty(Directory.EnumerateFiles(server.Folder, "*.md", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task A_file_that_cannot_be_ingested_is_a_per_file_failure_with_its_reason()
    {
        await using var server = await ServerHarness.StartAsync();
        var files = new Dictionary<string, string> { ["good.md"] = "# Good\n\nFine text.", ["broken.jsonl"] = "{not json\n" };
        var job = await server.WaitJobAsync(await server.UploadAsync(files));
        Assert.Equal("done", job.GetProperty("status").GetString());
        var failure = Assert.Single(job.GetProperty("failures").EnumerateArray());
        Assert.Equal("broken.jsonl", failure.GetProperty("file").GetString());
        Assert.Contains("line 1", failure.GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_file_uploaded_again_replaces_its_document()
    {
        await using var server = await ServerHarness.StartAsync();
        await server.WaitJobAsync(await server.UploadAsync(new Dictionary<string, string> { ["team/notes.md"] = "# Notes\n\nThe old plan mentions turnips." }));
        var job = await server.WaitJobAsync(await server.UploadAsync(new Dictionary<string, string> { ["team/notes.md"] = "# Notes\n\nThe new plan mentions parsnips." }));
        Assert.Equal(0, job.GetProperty("failures").GetArrayLength());
        Assert.Equal(1, job.GetProperty("counts").GetProperty("updated").GetInt32());
        var doc = await server.Client.GetFromJsonAsync<JsonElement>("api/kbs/handbook/documents/team/notes.md");
        Assert.Contains("parsnips", doc.GetProperty("chunks")[0].GetProperty("text").GetString());
        var list = await server.Client.GetFromJsonAsync<JsonElement>("api/kbs/handbook/documents");
        Assert.Equal(1, list.GetProperty("count").GetInt64());
    }

    [Fact]
    public async Task An_upload_without_files_names_the_field()
    {
        await using var server = await ServerHarness.StartAsync();
        using var form = new MultipartFormDataContent { { new StringContent("x"), "tags" } };
        using var response = await server.Client.PostAsync("api/kbs/handbook/documents", form);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("\\\"files\\\"", await response.Content.ReadAsStringAsync());
    }
}
