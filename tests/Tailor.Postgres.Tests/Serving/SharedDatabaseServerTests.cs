using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using Tailor.Postgres.Tests.Servers;
using Tailor.Server.Access;
using Tailor.Testing;

namespace Tailor.Postgres.Tests.Serving;

/// <summary>
/// Two real servers (Kestrel on 127.0.0.1, each with its own folder and <see cref="KnowledgeBase"/>) serving one knowledge
/// base in one database on Debian's PostgreSQL 15, talked to over HTTP; and the database restarted under them.
/// </summary>
public sealed class SharedDatabaseServerTests(NativePostgres postgres) : IClassFixture<NativePostgres>, IDisposable
{
    private readonly TempDirectory _temp = new("tailor-pg-serve");

    private static Dictionary<string, string> Docs(string prefix, int from, int count) =>
        Enumerable.Range(from, count).ToDictionary(i => $"{prefix}{i:D2}.md",
            i => $"# {prefix} document {i}\n\nThe word {prefix}{i}zq appears only here. Shared text about lakes, rivers and harbours {i}.\n\n## More\n\nA second section of {prefix} document {i} about boats.\n");

    private static long Scalar(string url, string sql)
    {
        using var source = NpgsqlDataSource.Create(PostgresConnection.Parse(url).ConnectionString);
        using var cmd = source.CreateCommand(sql);
        return Convert.ToInt64(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task An_upload_to_a_postgres_knowledge_base_is_queued_in_the_database_and_done()
    {
        var url = postgres.CreateDatabase();
        await using var server = await PostgresServedKnowledgeBase.StartAsync(_temp.Path, url, "one");
        var jobId = await server.UploadAsync(Docs("up", 0, 12));
        var job = await server.WaitJobAsync(jobId);

        Assert.Equal("done", job.GetProperty("status").GetString());
        Assert.Equal(1, Scalar(url, $"SELECT COUNT(*) FROM ingest_jobs WHERE id = '{jobId}' AND status = 'done'"));
        Assert.Equal(12, Scalar(url, "SELECT COUNT(*) FROM documents"));
        Assert.Equal(["up03.md"], await server.SearchAsync("up3zq"));
        Assert.False(File.Exists(Path.Combine(server.Folder, KnowledgeBase.DatabaseFileName)), "the queue must not fall back to a SQLite file in the folder");
    }

    [Fact]
    public async Task A_key_with_groups_reads_no_document_outside_them_on_a_postgres_knowledge_base()
    {
        const string Secret = "zebracorn";
        var url = postgres.CreateDatabase();
        await using var server = await PostgresServedKnowledgeBase.StartAsync(_temp.Path, url, "acl");
        var files = Docs("open", 0, 10);
        files["hr/salaries.md"] = $"---\nacl: [hr]\n---\n# Salaries\n\nThe {Secret} bonus plan pays executives 9000 euros.\n";
        Assert.Equal("done", (await server.WaitJobAsync(await server.UploadAsync(files))).GetProperty("status").GetString());
        using var keys = new KeyStore(server.Folder);
        var (_, staff) = keys.Create("staff", KeyScope.Read, ["staff"]);
        var (_, hr) = keys.Create("hr", KeyScope.Read, ["hr"]);

        async Task<string> Seen(string key)
        {
            server.Client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
            var bodies = new List<string>();
            foreach (var mode in new[] { "lexical", "vector", "hybrid" })
            {
                using var search = await server.Client.PostAsJsonAsync($"api/kbs/{PostgresServedKnowledgeBase.Name}/search", new { query = $"{Secret} bonus plan", k = 20, mode });
                bodies.Add(await search.Content.ReadAsStringAsync());
                Assert.True(search.IsSuccessStatusCode, bodies[^1]);
            }
            using var ask = await server.Client.PostAsJsonAsync($"api/kbs/{PostgresServedKnowledgeBase.Name}/ask", new { question = $"What does the {Secret} bonus plan pay?" });
            bodies.Add(await ask.Content.ReadAsStringAsync());
            bodies.Add(await server.Client.GetStringAsync($"api/kbs/{PostgresServedKnowledgeBase.Name}/documents?limit=100"));
            return string.Join("\n", bodies);
        }

        var seenByStaff = await Seen(staff);
        Assert.DoesNotContain(Secret, seenByStaff, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("hr/salaries.md", seenByStaff, StringComparison.Ordinal);
        Assert.Contains("open00.md", seenByStaff, StringComparison.Ordinal); // documents without groups stay visible
        var seenByHr = await Seen(hr);
        Assert.Contains(Secret, seenByHr, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("hr/salaries.md", seenByHr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_document_ingested_through_one_server_is_found_by_a_search_on_the_other()
    {
        var url = postgres.CreateDatabase();
        await using var a = await PostgresServedKnowledgeBase.StartAsync(_temp.Path, url, "a");
        await using var b = await PostgresServedKnowledgeBase.StartAsync(_temp.Path, url, "b");
        Assert.Equal("done", (await a.WaitJobAsync(await a.UploadAsync(Docs("base", 0, 12)))).GetProperty("status").GetString());
        Assert.Equal(["base04.md"], await b.SearchAsync("base4zq")); // b's first search loads its indexes from the rows

        // a later document, ingested through a, reaches b's already loaded indexes
        Assert.Equal("done", (await a.WaitJobAsync(await a.UploadAsync(Docs("late", 0, 1)))).GetProperty("status").GetString());
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(2);
        List<string> found;
        while ((found = await b.SearchAsync("late0zq")).Count == 0 && DateTime.UtcNow < deadline) await Task.Delay(50);
        Assert.Equal(["late00.md"], found);
    }

    [Fact]
    public async Task Two_servers_ingesting_at_once_lose_nothing_and_write_no_document_twice()
    {
        var url = postgres.CreateDatabase();
        await using var a = await PostgresServedKnowledgeBase.StartAsync(_temp.Path, url, "a");
        await using var b = await PostgresServedKnowledgeBase.StartAsync(_temp.Path, url, "b");
        var jobsA = new List<string>();
        var jobsB = new List<string>();
        for (int batch = 0; batch < 3; batch++) // several jobs on each server, interleaved
        {
            var uploads = await Task.WhenAll(a.UploadAsync(Docs("a", batch * 8, 8)), b.UploadAsync(Docs("b", batch * 8, 8)));
            jobsA.Add(uploads[0]);
            jobsB.Add(uploads[1]);
        }
        var jobs = await Task.WhenAll(jobsA.Select(a.WaitJobAsync).Concat(jobsB.Select(b.WaitJobAsync)));

        Assert.All(jobs, j => Assert.Equal("done", j.GetProperty("status").GetString()));
        Assert.Equal(48, jobs.Sum(j => j.GetProperty("counts").GetProperty("added").GetInt32()));
        Assert.Equal(48, Scalar(url, "SELECT COUNT(*) FROM documents"));
        Assert.Equal(Scalar(url, "SELECT SUM(chunk_count) FROM documents"), Scalar(url, "SELECT COUNT(*) FROM chunks")); // none written twice
        Assert.Equal(0, Scalar(url, "SELECT COUNT(*) FROM (SELECT document_id, ordinal FROM chunks GROUP BY document_id, ordinal HAVING COUNT(*) > 1) d"));
        Assert.Equal(0, Scalar(url, "SELECT COUNT(*) FROM documents d WHERE d.chunk_count <> (SELECT COUNT(*) FROM chunks c WHERE c.document_id = d.id)"));
        foreach (var (server, word, document) in new[] { (a, "b17zq", "b17.md"), (b, "a5zq", "a05.md") }) // each server finds the other's documents
            Assert.Equal([document], await server.SearchAsync(word));
        using var kb = KnowledgeBase.OpenExisting(a.Folder);
        Assert.True(kb.Check().Ok, string.Join("; ", kb.Check().Problems));
    }

    [Fact]
    public async Task A_restart_of_postgres_makes_readyz_false_while_it_is_down_and_the_server_recovers_by_itself()
    {
        var url = postgres.CreateDatabase();
        await using var server = await PostgresServedKnowledgeBase.StartAsync(_temp.Path, url, "restart");
        Assert.Equal("done", (await server.WaitJobAsync(await server.UploadAsync(Docs("r", 0, 12)))).GetProperty("status").GetString());
        Assert.Equal(["r07.md"], await server.SearchAsync("r7zq"));

        postgres.Stop();
        try
        {
            Assert.False(await server.ReadyAsync());
            using var down = await server.Client.PostAsync($"api/kbs/{PostgresServedKnowledgeBase.Name}/search",
                new StringContent("{\"query\":\"r7zq\"}", System.Text.Encoding.UTF8, "application/json"));
            Assert.Equal(System.Net.HttpStatusCode.BadGateway, down.StatusCode);
            Assert.Equal("application/problem+json", down.Content.Headers.ContentType?.MediaType);
            var detail = JsonDocument.Parse(await down.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString()!;
            Assert.Contains("database", detail);
            Assert.DoesNotContain("   at ", detail);
        }
        finally
        {
            postgres.Start();
        }

        await server.WaitReadyAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(["r07.md"], await server.SearchAsync("r7zq"));
        Assert.Equal("done", (await server.WaitJobAsync(await server.UploadAsync(Docs("after", 0, 1)))).GetProperty("status").GetString());
        Assert.Equal(["after00.md"], await server.SearchAsync("after0zq"));
    }

    public void Dispose() => _temp.Dispose();
}
