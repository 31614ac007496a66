using Npgsql;
using Tailor.Postgres.Tests.Servers;
using Tailor.Storage;

namespace Tailor.Postgres.Tests.Conformance;

/// <summary>
/// The conformance suite on PGlite (PostgreSQL 17 with pgvector 0.8: vectors searched in SQL on HNSW indexes). PGlite
/// serves one database: each test starts from an empty schema.
/// </summary>
public sealed class PglitePostgresConformanceTests : StoreConformanceTests, IClassFixture<PgliteServer>
{
    private readonly PgliteServer _server;

    static PglitePostgresConformanceTests() => PostgresStore.Register();

    public PglitePostgresConformanceTests(PgliteServer server)
    {
        _server = server;
        using var c = new NpgsqlConnection($"Host=127.0.0.1;Port={server.Port};Username=postgres;Password=postgres;Database=postgres;SSL Mode=Disable;Pooling=false");
        c.Open();
        using var cmd = new NpgsqlCommand("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;", c);
        cmd.ExecuteNonQuery();
    }

    protected override IKnowledgeStore CreateStore() => PostgresStore.Open(_server.Url);

    /// <summary>PGlite is one session shared by every connection, so it cannot hold a lock against a second process: the second
    /// "process" is the same store (its lease refuses a second writer in the same flow). Native PostgreSQL tests two sessions.</summary>
    protected override IKnowledgeStore ReopenStore(IKnowledgeStore store) => store;

    protected override string? NewDatabase() => _server.Url;

    [Fact]
    public void PGlite_is_recognised_and_gets_statements_within_its_socket_s_message_budget()
    {
        using var store = (PostgresStore)CreateStore();
        Assert.Equal(PostgresStore.MessageBudget, store.StatementBudget);
    }

    [Fact]
    public void With_pgvector_a_filter_few_chunks_pass_still_returns_k_hits_from_the_index()
    {
        using var store = (PostgresStore)CreateStore();
        Assert.True(store.SearchesVectors);
        var random = new Random(7);
        var writes = new List<DocumentWrite>();
        for (int d = 0; d < 40; d++)
            writes.Add(new DocumentWrite(new StoredDocument($"d{d}", $"/docs/d{d}", "/docs", "T", "markdown", "h", 1, 25, "2024-01-01T00:00:00Z") { Tags = d == 3 ? ["rare"] : ["common"] },
                Enumerable.Range(0, 25).Select(i => new Tailor.Chunking.ChunkDraft($"text {d} {i}", "S", 1, 1, null, 2)).ToList()));
        var outcomes = store.Write(writes);
        var vectors = outcomes.SelectMany(o => o.NewChunkIds).Select(id => (id, Enumerable.Range(0, 16).Select(_ => (float)random.NextDouble()).ToArray())).ToList();
        store.WriteEmbeddings("m", vectors);
        var query = Enumerable.Range(0, 16).Select(_ => (float)random.NextDouble()).ToArray();
        var all = store.SearchVectors("m", query, 10, null, exact: false);
        Assert.Equal(10, all.Count);
        var rare = store.SearchVectors("m", query, 10, new ChunkFilter(["rare"], null, null, null), exact: false);
        Assert.Equal(10, rare.Count); // 25 of 1000 chunks pass: the iterative scan keeps walking the graph
        Assert.All(rare, h => Assert.Contains(h.ChunkId, outcomes[3].NewChunkIds));
        var exact = store.SearchVectors("m", query, 10, new ChunkFilter(["rare"], null, null, null), exact: true);
        Assert.Equal(exact.Select(h => h.ChunkId), rare.Select(h => h.ChunkId));
        Assert.Equal(exact.Select(h => h.Score), exact.Select(h => h.Score).OrderDescending());
    }
}
