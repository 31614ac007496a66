using Tailor.Lexical;
using Tailor.Postgres.Tests.Servers;
using Tailor.Storage;
using Tailor.Testing;

namespace Tailor.Postgres.Tests.Conformance;

/// <summary>
/// The manifest of a PostgreSQL knowledge base lives in the database too: every folder that opens the database (one per
/// server) takes the options recorded there, and a change written there reaches a folder when it opens again.
/// </summary>
public sealed class SharedManifestTests(NativePostgres server) : IClassFixture<NativePostgres>, IDisposable
{
    private readonly TempDirectory _temp = new("tailor-pg-manifest");

    static SharedManifestTests() => PostgresStore.Register();

    [Fact]
    public void A_second_folder_on_the_database_opens_the_knowledge_base_as_the_first_built_it()
    {
        var url = server.CreateDatabase();
        var built = new KnowledgeBaseOptions { Database = url, Lexical = new LexicalOptions { K1 = 0.9, B = 0.4 }, TokenCounter = "estimate" };
        using (var first = KnowledgeBase.Open(_temp.File("first"), built))
        {
            Assert.Equal(0.9, first.Options.Lexical.K1);
        }
        using (var store = PostgresStore.Open(url))
            Assert.Contains("\"k1\": 0.9", store.ReadManifest());

        // another server's folder, opened with the defaults: the database's options win
        using (var second = KnowledgeBase.Open(_temp.File("second"), new KnowledgeBaseOptions { Database = url }))
        {
            Assert.Equal((0.9, 0.4, "estimate"), (second.Options.Lexical.K1, second.Options.Lexical.B, second.Options.TokenCounter));
            Assert.StartsWith("postgresql://", second.Options.Database);
        }
        Assert.Equal(0.9, Manifest.Read(_temp.File("second")).Lexical.K1); // and its own tailor.json records them
    }

    [Fact]
    public void A_change_recorded_in_the_database_reaches_a_folder_when_it_opens_again_and_a_folder_made_before_records_its_own()
    {
        var url = server.CreateDatabase();
        using (KnowledgeBase.Open(_temp.File("a"), new KnowledgeBaseOptions { Database = url })) { }
        using (KnowledgeBase.Open(_temp.File("b"), new KnowledgeBaseOptions { Database = url })) { }
        var options = Manifest.Read(_temp.File("a"));
        using (var store = PostgresStore.Open(url))
            Manifest.Write(_temp.File("a"), options with { Lexical = options.Lexical with { K1 = 1.7 } }, store); // as a re-embed through folder a does

        using (var b = KnowledgeBase.OpenExisting(_temp.File("b")))
            Assert.Equal(1.7, b.Options.Lexical.K1);
        Assert.Equal(1.7, Manifest.Read(_temp.File("b")).Lexical.K1);

        // a database whose manifest is missing (made by an older Tailor) gets the folder's on the next open
        using (var store = PostgresStore.Open(url))
        using (var source = Npgsql.NpgsqlDataSource.Create(PostgresConnection.Parse(url).ConnectionString))
        using (var clear = source.CreateCommand("DELETE FROM manifest"))
        {
            clear.ExecuteNonQuery();
            Assert.Null(store.ReadManifest());
        }
        using (KnowledgeBase.OpenExisting(_temp.File("b"))) { }
        using (var store = PostgresStore.Open(url))
            Assert.Contains("\"k1\": 1.7", store.ReadManifest());
    }

    public void Dispose() => _temp.Dispose();
}
