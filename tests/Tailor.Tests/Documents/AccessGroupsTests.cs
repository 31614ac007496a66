using Tailor.Chunking;
using Tailor.Documents;
using Tailor.Retrieval;
using Tailor.Storage;
using Tailor.Testing;

namespace Tailor.Tests.Documents;

public sealed class AccessGroupsTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    private static DocumentWrite Doc(string id, string[] tags) => new(
        new StoredDocument(id, "/docs/" + id, "/docs", id, "markdown", "h-" + id, 10, 1, "2026-01-01T00:00:00.0000000Z") { Tags = tags },
        [new ChunkDraft("text of " + id, "S", 1, 1, null, 3)]);

    [Fact]
    public void A_reader_with_groups_sees_documents_without_groups_or_sharing_one()
    {
        Assert.True(AccessGroups.MaySee([], ["staff"]));
        Assert.True(AccessGroups.MaySee(["policy"], ["staff"]));
        Assert.True(AccessGroups.MaySee([AccessGroups.Tag("HR"), AccessGroups.Tag("board")], ["hr"]));
        Assert.False(AccessGroups.MaySee([AccessGroups.Tag("hr")], ["staff"]));
        Assert.True(AccessGroups.MaySee([AccessGroups.Tag("hr")], null)); // no groups: unrestricted
        Assert.Equal(["hr", "board"], AccessGroups.Of(["policy", "acl:hr", "acl:board"]));
    }

    [Fact]
    public void The_store_keeps_chunks_of_other_groups_out_of_the_allowed_set()
    {
        using var store = SqliteStore.Open(_temp.File("t.db"));
        var w = store.Write([Doc("open", ["policy"]), Doc("hr", ["acl:hr"]), Doc("both", ["acl:hr", "acl:staff"]), Doc("board", ["acl:board", "policy"])]);
        var open = w[0].NewChunkIds; var hr = w[1].NewChunkIds; var both = w[2].NewChunkIds; var board = w[3].NewChunkIds;
        Assert.Equal(open.Concat(both).ToHashSet(), store.FilterChunks(new SearchFilter { Groups = ["staff"] }.ToChunkFilter()));
        Assert.Equal(open.Concat(hr).Concat(both).ToHashSet(), store.FilterChunks(new SearchFilter { Groups = ["HR"] }.ToChunkFilter()));
        Assert.Equal(open.Concat(board).ToHashSet(), store.FilterChunks(new SearchFilter { Groups = ["board"], Tags = [] }.ToChunkFilter()));
        Assert.Equal(open.ToHashSet(), store.FilterChunks(new SearchFilter { Groups = ["staff"], Tags = ["policy"] }.ToChunkFilter()));
    }

    public void Dispose() => _temp.Dispose();
}
