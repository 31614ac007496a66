using Tailor.Ingestion;
using Tailor.Testing;

namespace Tailor.Tests.Ingestion;

/// <summary>A document id another file still holds: refused by default, replaced with <see cref="IngestOptions.Replace"/> when that file is an earlier upload.</summary>
public sealed class DocumentPreparerTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _temp.Dispose();
    }

    [Fact]
    public async Task An_id_held_by_an_earlier_upload_elsewhere_is_refused_unless_the_run_replaces_it()
    {
        // two servers' upload folders on one machine
        var first = _temp.File(Path.Combine("server-a", IngestJobQueue.UploadsFolder, IngestJobQueue.NewId()));
        var second = _temp.File(Path.Combine("server-b", IngestJobQueue.UploadsFolder, IngestJobQueue.NewId()));
        Directory.CreateDirectory(first);
        Directory.CreateDirectory(second);
        File.WriteAllText(Path.Combine(first, "notes.md"), "# Notes\n\nThe first copy talks about apples.\n");
        File.WriteAllText(Path.Combine(second, "notes.md"), "# Notes\n\nThe second copy talks about pears.\n");
        using var kb = KnowledgeBase.Open(_temp.File("kb"));
        Assert.Equal(1, (await kb.IngestAsync([first])).Added);

        var refused = await kb.IngestAsync([second]);
        Assert.Contains("already used by", Assert.Single(refused.Failures).Error);
        Assert.Equal(Path.Combine(first, "notes.md"), kb.Documents.Get("notes.md")!.Source);

        var replaced = await kb.IngestAsync([second], new IngestOptions { Replace = true });
        Assert.Equal((1, 0), (replaced.Updated, replaced.Failed));
        Assert.Equal(Path.Combine(second, "notes.md"), kb.Documents.Get("notes.md")!.Source);
    }

    [Fact]
    public async Task An_upload_does_not_replace_a_document_ingested_from_elsewhere()
    {
        var operatorFolder = _temp.File("handbook");
        var upload = _temp.File(Path.Combine("kb", IngestJobQueue.UploadsFolder, IngestJobQueue.NewId()));
        Directory.CreateDirectory(operatorFolder);
        Directory.CreateDirectory(upload);
        File.WriteAllText(Path.Combine(operatorFolder, "notes.md"), "# Notes\n\nThe operator's copy talks about apples.\n");
        File.WriteAllText(Path.Combine(upload, "notes.md"), "# Notes\n\nAn uploaded copy talks about pears.\n");
        using var kb = KnowledgeBase.Open(_temp.File("kb"));
        Assert.Equal(1, (await kb.IngestAsync([operatorFolder], new IngestOptions { Tags = ["restricted"] })).Added);

        var refused = await kb.IngestAsync([upload], new IngestOptions { Replace = true });
        Assert.Equal((0, 1), (refused.Updated, refused.Failed));
        Assert.Contains("already used by", Assert.Single(refused.Failures).Error);
        Assert.Equal(Path.Combine(operatorFolder, "notes.md"), kb.Documents.Get("notes.md")!.Source);
    }
}
