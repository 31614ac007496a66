using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tailor.Ingestion;
using Tailor.Testing;

namespace Tailor.Server.Tests.Hosting;

public sealed class IngestQueueDurabilityTests
{
    [Fact]
    public async Task Jobs_left_queued_or_running_by_a_stopped_server_are_finished_after_restart()
    {
        using var temp = new TempDirectory("tailor-server");
        string queued = "", running = "";
        await using var server = await ServerHarness.StartAsync(reuse: temp, prepare: dir =>
        {
            using var kb = KnowledgeBase.Open(dir);
            running = IngestJobQueue.NewId();
            File.WriteAllText(Path.Combine(kb.Jobs.FolderFor(running), "b.md"), "# Beta\n\nThe beta document talks about bananas.");
            kb.Jobs.Enqueue(running, ["b.md"], ["fruit"]);
            Assert.Equal(running, kb.Jobs.Claim(TimeSpan.FromSeconds(1))!.Id); // the process died while running it, its lease runs out
            queued = IngestJobQueue.NewId();
            File.WriteAllText(Path.Combine(kb.Jobs.FolderFor(queued), "a.md"), "# Alpha\n\nThe alpha document talks about apples.");
            kb.Jobs.Enqueue(queued, ["a.md"], []);
        });
        var first = await server.WaitJobAsync(queued);
        var second = await server.WaitJobAsync(running);
        Assert.Equal("done", first.GetProperty("status").GetString());
        Assert.Equal("done", second.GetProperty("status").GetString());
        Assert.Equal(2, second.GetProperty("attempts").GetInt32());
        var docs = await server.Client.GetFromJsonAsync<JsonElement>("api/kbs/handbook/documents");
        Assert.Equal(["a.md", "b.md"], docs.GetProperty("documents").EnumerateArray().Select(d => d.GetProperty("id").GetString()).Order());
    }

    [Fact]
    public async Task Killing_the_server_during_uploads_loses_no_acknowledged_document()
    {
        using var temp = new TempDirectory("tailor-kill");
        var kbDir = Path.Combine(temp.Path, "kb");
        var acknowledged = new List<(string Job, string Document)>();
        using (var server = Serve(kbDir, out var address))
        {
            using var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
            try
            {
                for (int i = 0; i < 400; i++)
                {
                    using var form = new MultipartFormDataContent();
                    var name = $"doc-{i:D4}.md";
                    form.Add(new StringContent($"# Document {i}\n\n" + string.Join(' ', Enumerable.Repeat($"word{i} text about topic {i % 17}.", 200))), "files", name);
                    using var response = await client.PostAsync("api/kbs/kb/documents", form);
                    Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
                    acknowledged.Add(((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("job_id").GetString()!, name));
                    if (i == 60) server.Kill(); // SIGKILL while the worker ingests and uploads keep coming
                }
            }
            catch (HttpRequestException)
            {
                // the server is gone: every upload answered 202 before this point must survive
            }
            server.WaitForExit();
        }
        Assert.True(acknowledged.Count > 60);

        using (var server = Serve(kbDir, out var address))
        {
            using var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
            foreach (var (job, document) in acknowledged)
            {
                JsonElement state = default;
                for (int i = 0; i < 6000; i++)
                {
                    state = await client.GetFromJsonAsync<JsonElement>($"api/kbs/kb/jobs/{job}");
                    if (state.GetProperty("status").GetString() is "done" or "failed") break;
                    await Task.Delay(50);
                }
                Assert.Equal("done", state.GetProperty("status").GetString());
                using var doc = await client.GetAsync($"api/kbs/kb/documents/{document}");
                Assert.Equal(HttpStatusCode.OK, doc.StatusCode);
            }
            server.Kill();
            server.WaitForExit();
        }
        var check = CliProcess.Run(["check", "--kb", kbDir]);
        Assert.True(check.ExitCode == 0, check.StdOut + check.StdErr);
    }

    // an hour's lease, far longer than the test waits: the restarted server takes over the job the killed one was running
    // because that process is gone (a runner of this machine), not because its lease ran out
    private static Process Serve(string kbDir, out Uri address) => ServeProcess.Start(["--kb", kbDir, "--job-lease", "3600"], out address);
}
