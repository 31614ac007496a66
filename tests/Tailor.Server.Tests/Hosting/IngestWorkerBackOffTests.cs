using System.Net.Http.Json;
using System.Text.Json;
using Tailor.Storage;

namespace Tailor.Server.Tests.Hosting;

public sealed class IngestWorkerBackOffTests
{
    [Fact]
    public async Task A_job_claimed_while_another_process_holds_the_writer_lock_is_given_back_and_done_once_the_lock_is_free()
    {
        await using var server = await ServerHarness.StartAsync();
        string id;
        JsonElement state = default;
        using (WriterLock.Acquire(server.KbDirectory, TimeSpan.FromSeconds(5))) // as a command or another server writing
        {
            id = await server.UploadAsync(new Dictionary<string, string> { ["alpha.md"] = "# Alpha\n\nThe alpha document talks about apples." });
            // the worker claims it, waits for the writer lock in vain, and gives it back
            for (int i = 0; i < 2400; i++)
            {
                state = await server.Client.GetFromJsonAsync<JsonElement>($"api/kbs/handbook/jobs/{id}");
                if (state.GetProperty("status").GetString() is "done" or "failed") break;
                if (state.GetProperty("status").GetString() == "queued" && state.GetProperty("attempts").GetInt32() >= 1) break;
                await Task.Delay(50);
            }
            Assert.Equal("queued", state.GetProperty("status").GetString());
        }
        var done = await server.WaitJobAsync(id);
        Assert.Equal("done", done.GetProperty("status").GetString());
        Assert.True(done.GetProperty("attempts").GetInt32() >= 2);
        using var doc = await server.Client.GetAsync("api/kbs/handbook/documents/alpha.md");
        Assert.Equal(System.Net.HttpStatusCode.OK, doc.StatusCode);
    }
}
