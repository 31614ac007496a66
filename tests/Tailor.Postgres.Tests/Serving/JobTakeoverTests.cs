using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using Tailor.Postgres.Tests.Servers;
using Tailor.Testing;

namespace Tailor.Postgres.Tests.Serving;

/// <summary>
/// Two real `tailor serve` processes, each with its own folder, on one knowledge base in Debian's PostgreSQL 15: a
/// server SIGKILLed while it runs a job it accepted loses the job to the other once its lease ran out, and the other
/// runs it from the files committed with the job.
/// </summary>
public sealed class JobTakeoverTests(NativePostgres postgres) : IClassFixture<NativePostgres>, IDisposable
{
    private const int LeaseSeconds = 4;
    private readonly TempDirectory _temp = new("tailor-pg-takeover");

    static JobTakeoverTests() => PostgresStore.Register();

    private static Dictionary<string, string> Docs(string prefix, int count, int words) =>
        Enumerable.Range(0, count).ToDictionary(i => $"{prefix}/{prefix}{i:D3}.md",
            i => $"# {prefix} document {i}\n\nThe word {prefix}{i}zq appears only here.\n\n"
                + string.Join(' ', Enumerable.Range(0, words).Select(w => $"term{(i * 31 + w) % 997} about harbours {w % 13}.")) + "\n");

    private static object? Scalar(string url, string sql)
    {
        using var source = NpgsqlDataSource.Create(PostgresConnection.Parse(url).ConnectionString);
        using var cmd = source.CreateCommand(sql);
        return cmd.ExecuteScalar();
    }

    private string Folder(string url, string server)
    {
        var folder = Path.Combine(_temp.Path, server, "handbook");
        KnowledgeBase.Open(folder, new KnowledgeBaseOptions { Database = url }).Dispose();
        return folder;
    }

    private static async Task<string> UploadAsync(HttpClient client, Dictionary<string, string> files)
    {
        using var form = new MultipartFormDataContent();
        foreach (var (name, content) in files) form.Add(new StringContent(content), "files", name);
        using var response = await client.PostAsync("api/kbs/handbook/documents", form);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("job_id").GetString()!;
    }

    private static async Task<JsonElement> PollAsync(HttpClient client, string job, Func<string, bool> until, TimeSpan bound)
    {
        var deadline = Stopwatch.StartNew();
        JsonElement state;
        do
        {
            state = await client.GetFromJsonAsync<JsonElement>($"api/kbs/handbook/jobs/{job}");
            if (until(state.GetProperty("status").GetString()!)) return state;
            await Task.Delay(50);
        }
        while (deadline.Elapsed < bound);
        throw new InvalidOperationException($"job {job} is still {state.GetProperty("status").GetString()} after {bound.TotalSeconds} s");
    }

    [Fact]
    public async Task A_job_of_a_server_killed_while_running_it_is_finished_by_the_other_server()
    {
        var url = postgres.CreateDatabase();
        string folderA = Folder(url, "a"), folderB = Folder(url, "b");
        string[] lease = ["--job-lease", LeaseSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)];
        using var a = ServeProcess.Start(["--kb", folderA, .. lease], out var addressA);
        Process? b = null;
        try
        {
            using var clientA = new HttpClient { BaseAddress = addressA, Timeout = TimeSpan.FromSeconds(60) };
            var big = Docs("big", 600, 300);
            var small = Docs("small", 3, 20);
            var bigJob = await UploadAsync(clientA, big);
            var smallJob = await UploadAsync(clientA, small); // acknowledged by a, queued behind the big one
            await PollAsync(clientA, bigJob, status => status == "running", TimeSpan.FromSeconds(60));
            Assert.Contains($":{a.Id}:", (string)Scalar(url, $"SELECT runner FROM ingest_jobs WHERE id = '{bigJob}'")!);

            // b starts once a runs the big job (else either may claim it): it may take the small one at once
            b = ServeProcess.Start(["--kb", folderB, .. lease], out var addressB);
            using var clientB = new HttpClient { BaseAddress = addressB, Timeout = TimeSpan.FromSeconds(60) };
            a.Kill(); // SIGKILL: no heartbeat, no finish, no giving back
            a.WaitForExit();
            Assert.True((string?)Scalar(url, $"SELECT status FROM ingest_jobs WHERE id = '{bigJob}'") == "running",
                "the big job finished before the kill: nothing was tested");
            Assert.Contains($":{a.Id}:", (string)Scalar(url, $"SELECT runner FROM ingest_jobs WHERE id = '{bigJob}'")!);

            // b takes both over once a's lease ran out (a bounded poll, not a timing assertion)
            var bigDone = await PollAsync(clientB, bigJob, status => status is "done" or "failed", TimeSpan.FromMinutes(4));
            var smallDone = await PollAsync(clientB, smallJob, status => status is "done" or "failed", TimeSpan.FromMinutes(2));
            var listed = (await clientB.GetFromJsonAsync<JsonElement>("api/kbs/handbook/documents?limit=1000")).GetProperty("documents")
                .EnumerateArray().Select(d => d.GetProperty("id").GetString()!).ToHashSet();
            foreach (var (state, files) in new[] { (bigDone, big), (smallDone, small) })
            {
                Assert.True(state.GetProperty("status").GetString() == "done", state.ToString());
                Assert.Empty(state.GetProperty("failures").EnumerateArray());
                var missing = files.Keys.Where(name => !listed.Contains(name)).ToList();
                Assert.True(missing.Count == 0, $"{missing.Count} acknowledged documents are not on b, e.g. {string.Join(", ", missing.Take(5))}");
            }
            Assert.Equal(2, bigDone.GetProperty("attempts").GetInt32()); // started by a, run again by b
            Assert.True(File.Exists(Path.Combine(folderB, "uploads", bigJob, "big", "big007.md")), "b ran the job from the files kept in the database");
            Assert.Equal(0L, Convert.ToInt64(Scalar(url, "SELECT COUNT(*) FROM job_files"), System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(603L, Convert.ToInt64(Scalar(url, "SELECT COUNT(*) FROM documents"), System.Globalization.CultureInfo.InvariantCulture));

            using var search = await clientB.PostAsJsonAsync("api/kbs/handbook/search", new { query = "big123zq", k = 3, mode = "lexical" });
            var hits = JsonDocument.Parse(await search.Content.ReadAsStringAsync()).RootElement.GetProperty("hits");
            Assert.Equal("big/big123.md", hits.EnumerateArray().First().GetProperty("document_id").GetString());
        }
        finally
        {
            foreach (var server in new[] { a, b })
            {
                if (server is null) continue;
                if (!server.HasExited) server.Kill();
                server.WaitForExit();
            }
            b?.Dispose();
        }
        var check = CliProcess.Run(["check", "--kb", folderB]);
        Assert.True(check.ExitCode == 0, check.StdOut + check.StdErr);
    }

    public void Dispose() => _temp.Dispose();
}
