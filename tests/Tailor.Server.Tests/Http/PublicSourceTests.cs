using System.Net.Http.Json;
using System.Text;
using Tailor.Server.Http;
using Tailor.Server.Tests.Api;

namespace Tailor.Server.Tests.Http;

public sealed class PublicSourceTests
{
    [Theory]
    [InlineData("/srv/kbs/handbook/uploads/0123456789abcdef/vacation.md", "vacation.md")]
    [InlineData("/srv/kbs/handbook/uploads/0123456789abcdef/vacation.md#L1-L7", "vacation.md#L1-L7")]
    [InlineData("/srv/kbs/handbook/uploads/0123456789abcdef/policies/travel.html#meals", "policies/travel.html#meals")]
    [InlineData(@"C:\kbs\handbook\uploads\0123456789abcdef\vacation.md", "vacation.md")]
    [InlineData("/home/ana/docs/vacation.md#L3", "/home/ana/docs/vacation.md#L3")]        // ingested by the operator: as recorded
    [InlineData("/home/ana/uploads/notes.md", "/home/ana/uploads/notes.md")]               // an "uploads" folder that is not a job's
    [InlineData("https://example.com/uploads/0123456789abcdef/a.md", "https://example.com/uploads/0123456789abcdef/a.md")]
    [InlineData("vacation.md", "vacation.md")]
    public void An_uploaded_files_server_folder_is_removed_and_nothing_else(string value, string expected)
    {
        Assert.Equal(expected, PublicSource.Of(value));
    }

    [Fact]
    public async Task No_answer_of_the_server_reveals_where_it_keeps_uploaded_files()
    {
        await using var server = await ServerHarness.StartAsync();
        await server.WaitJobAsync(await server.UploadAsync(ServerHarness.Handbook()));
        const string question = "How many vacation days do contractors get?";

        var bodies = new List<string>();
        async Task Post(string path, object body)
        {
            using var response = await server.Client.PostAsJsonAsync(path, body);
            bodies.Add(await response.Content.ReadAsStringAsync());
            response.EnsureSuccessStatusCode();
        }
        async Task Get(string path) => bodies.Add(await server.Client.GetStringAsync(path));

        await Post("api/kbs/handbook/search", new { query = "vacation days for contractors", k = 5, explain = true });
        await Post("api/kbs/handbook/ask", new { question });
        await Post("api/kbs/handbook/sessions", new { name = "paths" });
        await Post("api/kbs/handbook/sessions/paths/turns", new { question });
        await Get("api/kbs/handbook/sessions/paths/messages");
        await Get("api/kbs/handbook/documents?limit=100");
        await Get("api/kbs/handbook/documents/vacation.md");
        await Post("v1/chat/completions", new { model = "handbook", messages = new[] { new { role = "user", content = question } } });
        var streamed = await SearchAndAskTests.StreamAsync(server.Client, "api/kbs/handbook/ask", new { question, stream = true });
        bodies.AddRange(streamed.Select(e => e.Data.GetRawText()));

        var all = string.Join("\n", bodies);
        Assert.Contains("\"source\": \"vacation.md\"", all.Replace("\":\"", "\": \""));
        Assert.Contains("vacation.md#L", all);
        Assert.DoesNotContain(server.KbDirectory, all);
        Assert.DoesNotContain(server.Folder, all);
        Assert.DoesNotContain("/" + Tailor.Ingestion.IngestJobQueue.UploadsFolder + "/", all);
    }
}
