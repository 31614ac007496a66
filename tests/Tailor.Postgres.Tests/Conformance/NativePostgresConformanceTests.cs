using Tailor.Postgres.Tests.Servers;
using Tailor.Storage;

namespace Tailor.Postgres.Tests.Conformance;

/// <summary>The conformance suite on Debian's PostgreSQL 15 (no pgvector: vectors are searched in memory), a new database per test.</summary>
public sealed class NativePostgresConformanceTests(NativePostgres server) : StoreConformanceTests, IClassFixture<NativePostgres>
{
    private readonly List<string> _urls = [];

    static NativePostgresConformanceTests() => PostgresStore.Register();

    protected override IKnowledgeStore CreateStore()
    {
        var url = server.CreateDatabase();
        _urls.Add(url);
        return PostgresStore.Open(url);
    }

    protected override IKnowledgeStore ReopenStore(IKnowledgeStore store) => PostgresStore.Open(_urls[^1]);

    protected override string? NewDatabase() => server.CreateDatabase();

    [Fact]
    public void Without_pgvector_the_store_leaves_vector_search_to_memory()
    {
        using var store = (PostgresStore)CreateStore();
        Assert.False(store.SearchesVectors);
    }

    [Fact]
    public void A_real_server_takes_large_statements_so_a_batch_is_a_few_round_trips()
    {
        using var store = (PostgresStore)CreateStore();
        Assert.Equal(PostgresStore.LargeStatementBudget, store.StatementBudget);
    }

    [Fact]
    public void Two_processes_opening_a_new_database_at_once_migrate_it_once()
    {
        var url = server.CreateDatabase();
        var opened = Enumerable.Range(0, 4).AsParallel().WithDegreeOfParallelism(4).Select(_ => PostgresStore.Open(url)).ToList();
        foreach (var s in opened) s.Dispose();
        using var store = PostgresStore.Open(url);
        Assert.Empty(store.CheckRows());
    }

    [Fact]
    public void A_jobs_files_are_kept_in_parts_until_it_is_finished_and_then_dropped_with_its_row_kept()
    {
        var url = server.CreateDatabase();
        using var store = PostgresStore.Open(url);
        long Parts(string job)
        {
            using var source = Npgsql.NpgsqlDataSource.Create(PostgresConnection.Parse(url).ConnectionString);
            using var cmd = source.CreateCommand($"SELECT COUNT(*) FROM job_files WHERE job_id = '{job}'");
            return Convert.ToInt64(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }
        var job = new StoredJob("aa01", "host-a", "queued", "uploads/aa01", "[\"a.md\"]", "[]", "2024-01-01T00:00:00.0000000+00:00");
        store.AddJob(job, [new JobFile("a.md", new byte[30_000]), new JobFile("b.md", [1])]);
        store.AddJob(job with { Id = "bb02", Folder = "uploads/bb02" }, [new JobFile("c.md", [2])]);
        Assert.Equal(4, Parts("aa01")); // 30 000 bytes in three parts of the statement budget, and one
        var claim = store.ClaimJob("runner-a", TimeSpan.FromMinutes(5))!;
        Assert.True(store.FinishJob(claim.Job with { Status = "failed", FinishedAt = "2024-01-01T00:01:00.0000000+00:00", Error = "x" }, "runner-a"));
        Assert.Equal(0, Parts("aa01"));
        Assert.Equal(1, Parts("bb02")); // another job's files stay
        Assert.Equal("x", store.GetJob("aa01")!.Error);
    }

    [Fact]
    public void A_database_that_does_not_exist_is_reported_as_not_found_naming_it_and_what_to_do()
    {
        var ex = Assert.Throws<TailorException>(() => PostgresStore.Open($"postgresql://tailor:pw-not-shown@127.0.0.1:{server.Port}/no_such_db"));
        Assert.Equal(TailorErrorKind.NotFound, ex.Kind);
        Assert.Contains($"127.0.0.1:{server.Port}/no_such_db", ex.Message);
        Assert.Contains("create it", ex.Message);
        Assert.DoesNotContain("pw-not-shown", ex.Message);
    }

    [Fact]
    public void A_server_that_refuses_connections_is_reported_as_unreachable()
    {
        var (holder, port) = Tailor.Testing.LocalPorts.Refusing();
        using (holder)
        {
            var ex = Assert.Throws<TailorException>(() => PostgresStore.Open($"postgresql://tailor@127.0.0.1:{port}/kb"));
            Assert.Equal(TailorErrorKind.Upstream, ex.Kind);
            Assert.Contains("cannot reach the database", ex.Message);
        }
    }

    [Fact]
    public void A_store_whose_tables_were_dropped_reports_a_damaged_database_not_a_driver_error()
    {
        var url = server.CreateDatabase();
        using var store = PostgresStore.Open(url);
        using (var source = Npgsql.NpgsqlDataSource.Create(Tailor.Postgres.PostgresConnection.Parse(url).ConnectionString))
        using (var drop = source.CreateCommand("DROP TABLE document_tags, chunks CASCADE"))
            drop.ExecuteNonQuery();
        var ex = Assert.Throws<TailorException>(() => store.Counts());
        Assert.Equal(TailorErrorKind.Corrupt, ex.Kind);
        Assert.Contains("42P01", ex.Message);
    }

    [Fact]
    public void A_database_of_schema_version_1_is_migrated_and_its_model_bytes_kept()
    {
        var url = server.CreateDatabase();
        PostgresStore.Open(url).Dispose();
        var model = new byte[40_000];
        new Random(3).NextBytes(model);
        using (var source = Npgsql.NpgsqlDataSource.Create(PostgresConnection.Parse(url).ConnectionString))
        {
            // back to the tables of schema version 1 (the model in one bytea column), as an older Tailor left them
            foreach (var sql in new[]
            {
                "DROP TABLE api_keys", "DELETE FROM meta WHERE key = 'keys_version'",
                "DROP TABLE chunk_cells", "ALTER TABLE documents DROP COLUMN header_row",
                "DROP TABLE manifest", "ALTER TABLE examples DROP COLUMN document", "DROP TABLE job_files", "DROP TABLE ingest_jobs", "DROP TABLE model_parts",
                "ALTER TABLE models DROP COLUMN bytes", "ALTER TABLE models ADD COLUMN data bytea NOT NULL", "DELETE FROM tailor_migrations WHERE version > 1",
            })
                using (var cmd = source.CreateCommand(sql)) cmd.ExecuteNonQuery();
            using var insert = source.CreateCommand("INSERT INTO models(name, model_id, data, trained_at) VALUES ('builtin', 'lsa-old', $1, '2024-01-01')");
            insert.Parameters.AddWithValue(model);
            insert.ExecuteNonQuery();
        }

        using var store = PostgresStore.Open(url);
        var read = store.ReadModel("builtin")!.Value;
        Assert.Equal("lsa-old", read.ModelId);
        Assert.True(model.AsSpan().SequenceEqual(read.Data), "the migrated model differs from the one stored before");
        Assert.Empty(store.CheckRows()); // at the current schema version
        Assert.Null(store.ReadManifest());
        Assert.Empty(store.ListJobs(pendingOnly: false, 10));
        Assert.Empty(store.ListKeys());
        Assert.Equal(0, store.KeysVersion());
    }
}
