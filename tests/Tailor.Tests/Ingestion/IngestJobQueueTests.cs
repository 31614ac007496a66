using Tailor.Ingestion;
using Tailor.Testing;

namespace Tailor.Tests.Ingestion;

public sealed class IngestJobQueueTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    [Fact]
    public void A_job_survives_reopening_and_records_its_outcome_with_relative_file_names()
    {
        string first, second;
        using (var kb = KnowledgeBase.Open(_temp.Path))
        {
            first = IngestJobQueue.NewId();
            second = IngestJobQueue.NewId();
            Assert.StartsWith(Path.Combine(_temp.Path, IngestJobQueue.UploadsFolder), kb.Jobs.FolderFor(first));
            kb.Jobs.Enqueue(first, ["a.md"], ["tag"]);
            kb.Jobs.Enqueue(second, ["b.md"], []);
            Assert.Equal(first, kb.Jobs.Claim(TimeSpan.Zero)!.Id); // the process dies running it: its lease runs out
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        using (var kb = KnowledgeBase.OpenExisting(_temp.Path))
        {
            Assert.Equal([first, second], kb.Jobs.Pending().Select(j => j.Id));
            Assert.Equal(IngestJobStatus.Running, kb.Jobs.Get(first)!.Status);
            Assert.Equal(2, kb.Jobs.PendingCount());
            var job = kb.Jobs.Claim(TimeSpan.FromMinutes(5))!; // taken again once the lease ran out
            Assert.Equal(first, job.Id);
            Assert.Equal(second, kb.Jobs.Claim(TimeSpan.FromMinutes(5))!.Id);
            Assert.Null(kb.Jobs.Claim(TimeSpan.FromMinutes(5)));
            var folder = Path.Combine(_temp.Path, job.Folder);
            Assert.True(kb.Jobs.Complete(job, new IngestResult { Added = 1, Failed = 1, Failures = [new IngestFailure(Path.Combine(folder, "sub", "x.jsonl"), "line 1: not JSON")] }));
            Assert.True(kb.Jobs.Fail(second, "the upload folder is gone"));
            Assert.False(kb.Jobs.Fail(first, "late")); // finished once
            var done = kb.Jobs.Get(first)!;
            Assert.Equal(IngestJobStatus.Done, done.Status);
            Assert.Equal(1, done.Counts!.Added);
            Assert.Equal("sub/x.jsonl", Assert.Single(done.Failures).Source);
            Assert.Equal(["tag"], done.Tags);
            Assert.Equal(2, done.Attempts);
            Assert.Equal("the upload folder is gone", kb.Jobs.Get(second)!.Error);
            Assert.Empty(kb.Jobs.Pending());
            Assert.Null(kb.Jobs.Get("ffff"));
            Assert.Throws<TailorException>(() => kb.Jobs.FolderFor("../x"));
        }
    }

    [Fact]
    public void A_job_whose_runner_was_a_process_of_this_machine_that_is_gone_is_taken_at_once_and_a_live_ones_is_not()
    {
        using var exited = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("true") { UseShellExecute = false })!;
        exited.WaitForExit();
        using var kb = KnowledgeBase.Open(_temp.Path);
        var dead = IngestJobQueue.NewId();
        var live = IngestJobQueue.NewId();
        var remote = IngestJobQueue.NewId();
        kb.Jobs.Enqueue(dead, ["a.md"], []);
        kb.Jobs.Enqueue(live, ["b.md"], []);
        kb.Jobs.Enqueue(remote, ["c.md"], []);
        using (var store = KnowledgeBase.OpenStore(_temp.Path))
        {
            // each held for an hour: by a process of this machine that has exited, by this live process, by another machine
            Assert.Equal(dead, store.ClaimJob($"{Environment.MachineName}:{exited.Id}:0badc0de", TimeSpan.FromHours(1))!.Job.Id);
            Assert.Equal(live, store.ClaimJob($"{Environment.MachineName}:{Environment.ProcessId}:0badc0de", TimeSpan.FromHours(1))!.Job.Id);
            Assert.Equal(remote, store.ClaimJob($"elsewhere-{Environment.MachineName}:{exited.Id}:0badc0de", TimeSpan.FromHours(1))!.Job.Id);
        }
        var job = kb.Jobs.Claim(TimeSpan.FromMinutes(5));
        Assert.Equal(dead, job?.Id);
        Assert.Equal(2, job!.Attempts);
        Assert.Null(kb.Jobs.Claim(TimeSpan.FromMinutes(5))); // the live runner's and the other machine's stay theirs until their leases run out
        Assert.Equal(IngestJobStatus.Running, kb.Jobs.Get(live)!.Status);
        Assert.Equal(IngestJobStatus.Running, kb.Jobs.Get(remote)!.Status);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _temp.Dispose();
    }
}
