using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tailor.Ingestion;

namespace Tailor.Server.Tests.Api;

/// <summary>
/// The "source" field of search and ask matches the names the server shows (an upload's name as uploaded), never its
/// paths on disk: a prefix of the server's folders finds nothing, so they cannot be probed.
/// </summary>
public sealed class SourceFilterTests
{
    private static Dictionary<string, string> Files() => new(ServerHarness.Handbook())
    {
        ["guides/parking.md"] = "# Parking guide\n\nVisitors park in the garage on level one. Ask reception for a parking ticket.\n",
        ["guides/garage.md"] = "# Garage rules\n\nThe garage closes at ten at night. Parking overnight needs a permit.\n",
        ["policies/parking-fines.md"] = "# Parking fines\n\nCars parked in the courtyard are fined. Parking on the lawn is not allowed.\n",
    };

    private static async Task<List<JsonElement>> HitsAsync(ServerHarness server, object request)
    {
        using var response = await server.Client.PostAsJsonAsync("api/kbs/handbook/search", request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("hits").EnumerateArray().Select(h => h.Clone()).ToList();
    }

    private static async Task<JsonElement> AskAsync(ServerHarness server, object request)
    {
        using var response = await server.Client.PostAsJsonAsync("api/kbs/handbook/ask", request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    [Fact]
    public async Task Search_and_ask_by_a_shown_source_prefix_find_only_those_uploads_and_a_prefix_of_the_servers_folders_finds_nothing()
    {
        await using var server = await ServerHarness.StartAsync();
        var job = await server.UploadAsync(Files());
        Assert.Equal("done", (await server.WaitJobAsync(job)).GetProperty("status").GetString());

        // the shown names: every hit's source says where it is, so its folder is what a caller filters by
        var all = await HitsAsync(server, new { query = "parking garage", k = 10 });
        Assert.Contains(all, h => h.GetProperty("source").GetString() == "guides/parking.md");
        Assert.Contains(all, h => h.GetProperty("source").GetString() == "policies/parking-fines.md");
        foreach (var mode in new[] { "lexical", "vector", "hybrid" })
        {
            var guides = await HitsAsync(server, new { query = "parking garage", k = 10, mode, source = "guides/" });
            Assert.Equal(["guides/garage.md", "guides/parking.md"], guides.Select(h => h.GetProperty("document_id").GetString()).Distinct().Order());
            Assert.All(guides, h => Assert.StartsWith("guides/", h.GetProperty("source").GetString()));
            // a filter that 2 of 15 documents pass still gives k hits when the best matches are elsewhere
            var fines = await HitsAsync(server, new { query = "courtyard parking fines lawn", k = 2, mode });
            Assert.DoesNotContain(fines, h => h.GetProperty("source").GetString()!.StartsWith("guides/", StringComparison.Ordinal));
            var filtered = await HitsAsync(server, new { query = "courtyard parking fines lawn", k = 2, mode, source = "guides/" });
            Assert.Equal(2, filtered.Count);
            Assert.All(filtered, h => Assert.StartsWith("guides/", h.GetProperty("source").GetString()));
        }
        var one = await HitsAsync(server, new { query = "parking", k = 10, source = "guides/parking" });
        Assert.Equal(["guides/parking.md"], one.Select(h => h.GetProperty("document_id").GetString()).Distinct());

        var answer = await AskAsync(server, new { question = "Where do visitors park?", source = "guides/" });
        Assert.True(answer.GetProperty("found").GetBoolean(), answer.GetRawText());
        var citations = answer.GetProperty("citations").EnumerateArray().ToList();
        Assert.NotEmpty(citations);
        Assert.All(citations, c => Assert.StartsWith("guides/", c.GetProperty("source").GetString()));

        // the server's own folders, down to the job's: no prefix of them matches an upload
        var jobFolder = Path.Combine(server.KbDirectory, IngestJobQueue.UploadsFolder, job);
        string[] probes = ["/", server.Folder, server.KbDirectory, Path.Combine(server.KbDirectory, IngestJobQueue.UploadsFolder), jobFolder + Path.DirectorySeparatorChar,
            Path.Combine(jobFolder, "guides", "parking.md"), IngestJobQueue.UploadsFolder + "/", job];
        foreach (var probe in probes)
        {
            Assert.Empty(await HitsAsync(server, new { query = "parking garage", k = 10, source = probe }));
            var refused = await AskAsync(server, new { question = "Where do visitors park?", source = probe });
            Assert.False(refused.GetProperty("found").GetBoolean(), probe + ": " + refused.GetRawText());
            Assert.Empty(refused.GetProperty("citations").EnumerateArray());
        }
    }
}
