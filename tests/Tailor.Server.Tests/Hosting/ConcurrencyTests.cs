using System.Net;
using System.Net.Http.Json;

namespace Tailor.Server.Tests.Hosting;

public sealed class ConcurrencyTests
{
    [Fact]
    public async Task Many_concurrent_asks_during_uploads_all_succeed()
    {
        await using var server = await ServerHarness.StartAsync();
        await server.WaitJobAsync(await server.UploadAsync(ServerHarness.Handbook()));
        var uploads = Task.Run(async () =>
        {
            var jobs = new List<string>();
            for (int batch = 0; batch < 8; batch++)
            {
                var files = Enumerable.Range(0, 25).ToDictionary(i => $"batch{batch}/note-{i}.md",
                    i => $"# Note {batch}-{i}\n\n" + string.Join(' ', Enumerable.Repeat($"Topic {i} covers vacation rules and parking number {batch}.", 40)));
                jobs.Add(await server.UploadAsync(files));
            }
            foreach (var job in jobs) Assert.Equal("done", (await server.WaitJobAsync(job)).GetProperty("status").GetString());
        });
        var statuses = new List<HttpStatusCode>();
        var asks = Enumerable.Range(0, 16).Select(worker => Task.Run(async () =>
        {
            for (int i = 0; i < 10; i++)
            {
                using var response = await server.Client.PostAsJsonAsync("api/kbs/handbook/ask", new { question = "How many vacation days do contractors get?" });
                lock (statuses) statuses.Add(response.StatusCode);
            }
        })).ToList();
        await Task.WhenAll(asks);
        await uploads;
        Assert.Equal(160, statuses.Count);
        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        var count = await server.Client.GetFromJsonAsync<System.Text.Json.JsonElement>("api/kbs");
        Assert.Equal(ServerHarness.Handbook().Count + 200, count.GetProperty("knowledge_bases")[0].GetProperty("documents").GetInt64());
    }

    [Fact]
    public async Task Stopping_the_server_finishes_the_running_job()
    {
        using var temp = new Tailor.Testing.TempDirectory("tailor-server");
        string job;
        await using (var server = await ServerHarness.StartAsync(reuse: temp))
        {
            var files = Enumerable.Range(0, 120).ToDictionary(i => $"n{i}.md", i => $"# N{i}\n\n" + string.Join(' ', Enumerable.Repeat($"words for note {i}.", 300)));
            job = await server.UploadAsync(files);
            for (int i = 0; i < 2000 && (await server.Client.GetFromJsonAsync<System.Text.Json.JsonElement>($"api/kbs/handbook/jobs/{job}")).GetProperty("status").GetString() == "queued"; i++)
                await Task.Delay(10);
            await server.App.StopAsync(); // graceful: the running job completes before the worker stops
            using var kb = KnowledgeBase.OpenExisting(server.KbDirectory);
            var state = kb.Jobs.Get(job)!;
            Assert.Equal(Ingestion.IngestJobStatus.Done, state.Status);
            Assert.Equal(120, kb.Documents.Count().Documents);
        }
    }

    [Fact]
    public async Task A_job_cut_off_by_the_shutdown_timeout_is_given_back_to_the_queue()
    {
        using var temp = new Tailor.Testing.TempDirectory("tailor-server");
        await using (var server = await ServerHarness.StartAsync(o => o with { ShutdownTimeout = TimeSpan.FromMilliseconds(1) },
            prepare: dir => KnowledgeBase.Open(dir).Dispose(), reuse: temp)) // it exists before the job that is cut off
        {
            var files = Enumerable.Range(0, 300).ToDictionary(i => $"n{i}.md", i => $"# N{i}\n\n" + string.Join(' ', Enumerable.Repeat($"words for note {i}.", 300)));
            var job = await server.UploadAsync(files);
            for (int i = 0; i < 2000 && (await server.Client.GetFromJsonAsync<System.Text.Json.JsonElement>($"api/kbs/handbook/jobs/{job}")).GetProperty("status").GetString() == "queued"; i++)
                await Task.Delay(10);
            await server.App.StopAsync(); // no time to finish: the running job is cut off
            using var kb = KnowledgeBase.OpenExisting(server.KbDirectory);
            var state = kb.Jobs.Get(job)!;
            Assert.Equal((Ingestion.IngestJobStatus.Queued, 1), (state.Status, state.Attempts));
            Assert.Equal(job, kb.Jobs.Claim(TimeSpan.FromMinutes(1))?.Id); // the next start takes it at once, no lease to wait out
        }
    }
}
