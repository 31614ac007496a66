using Tailor.Ingestion;
using Tailor.Postgres.Tests.Servers;
using Tailor.Testing;

namespace Tailor.Postgres.Tests.Ingestion;

/// <summary>The ingest queue shared by two folders (two servers) on one PostgreSQL database, the job's files kept in it.</summary>
public sealed class SharedJobQueueTests(NativePostgres server) : IClassFixture<NativePostgres>, IDisposable
{
    private readonly TempDirectory _temp = new("tailor-pg-queue");

    static SharedJobQueueTests() => PostgresStore.Register();

    [Fact]
    public void A_job_whose_files_cannot_be_written_on_one_server_is_given_back_and_run_by_another_then_failed_on_its_third_attempt()
    {
        var url = server.CreateDatabase();
        using var first = KnowledgeBase.Open(_temp.File("first"), new KnowledgeBaseOptions { Database = url });
        using var second = KnowledgeBase.Open(_temp.File("second"), new KnowledgeBaseOptions { Database = url });
        var id = IngestJobQueue.NewId();
        File.WriteAllText(Path.Combine(first.Jobs.FolderFor(id), "a.md"), "# Alpha\n\nThe alpha document talks about apples.");
        first.Jobs.Enqueue(id, ["a.md"], []);
        Directory.Delete(Path.Combine(first.Directory, IngestJobQueue.UploadsFolder, id), recursive: true);

        // the second server's disk refuses the job's folder (a file stands where it goes)
        Directory.CreateDirectory(Path.Combine(second.Directory, IngestJobQueue.UploadsFolder));
        var blocked = Path.Combine(second.Directory, IngestJobQueue.UploadsFolder, id);
        File.WriteAllText(blocked, "not a folder");
        Assert.Null(second.Jobs.Claim(TimeSpan.FromMinutes(5), out var failure));
        Assert.IsAssignableFrom<IOException>(failure);
        var given = second.Jobs.Get(id)!;
        Assert.Equal((IngestJobStatus.Queued, 1), (given.Status, given.Attempts));

        // the first server takes it with its files from the database
        var job = first.Jobs.Claim(TimeSpan.FromMinutes(5), out failure);
        Assert.Null(failure);
        Assert.Equal((id, 2), (job?.Id, job?.Attempts));
        Assert.True(File.Exists(Path.Combine(first.Directory, job!.Folder, "a.md")));
        Assert.True(first.Jobs.Release(job.Id)); // cut off there: queued again, with its files

        Assert.Null(second.Jobs.Claim(TimeSpan.FromMinutes(5), out failure)); // the third attempt fails it
        Assert.NotNull(failure);
        var failed = second.Jobs.Get(id)!;
        Assert.Equal((IngestJobStatus.Failed, 3), (failed.Status, failed.Attempts));
        Assert.Contains("tried 3 times", failed.Error);
        Assert.DoesNotContain(second.Directory, failed.Error);
        Assert.Contains($"{IngestJobQueue.UploadsFolder}/{id}", failed.Error);
    }

    public void Dispose() => _temp.Dispose();
}
