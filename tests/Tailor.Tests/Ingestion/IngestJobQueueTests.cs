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
            Assert.True(kb.Jobs.Complete(job, new IngestResult { Added = 1, Failed = 1, Failures = [new IngestFailure(Path.Combine(folder, "sub", "x.jsonl"), "line 1: not JSON, like " + Path.Combine(folder, "sub", "y.jsonl"))] }));
            Assert.True(kb.Jobs.Fail(second, "the upload folder is gone"));
            Assert.False(kb.Jobs.Fail(first, "late")); // finished once
            var done = kb.Jobs.Get(first)!;
            Assert.Equal(IngestJobStatus.Done, done.Status);
            Assert.Equal(1, done.Counts!.Added);
            Assert.Equal("sub/x.jsonl", Assert.Single(done.Failures).Source);
            Assert.DoesNotContain(_temp.Path, done.Failures[0].Error); // no server path in what the job shows
            Assert.Equal($"line 1: not JSON, like {job.Folder}/sub/y.jsonl", done.Failures[0].Error);
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
        var machine = kb.Jobs.Runner[..kb.Jobs.Runner.IndexOf(':')];
        Assert.Matches($"^{System.Text.RegularExpressions.Regex.Escape(Environment.MachineName)}/[0-9a-f]{{8}}/[0-9]+$", machine);
        var dead = IngestJobQueue.NewId();
        var live = IngestJobQueue.NewId();
        var remote = IngestJobQueue.NewId();
        kb.Jobs.Enqueue(dead, ["a.md"], []);
        kb.Jobs.Enqueue(live, ["b.md"], []);
        kb.Jobs.Enqueue(remote, ["c.md"], []);
        using (var store = KnowledgeBase.OpenStore(_temp.Path))
        {
            // each held for an hour: by a process of this machine that has exited, by this live process, by another machine
            Assert.Equal(dead, store.ClaimJob($"{machine}:{exited.Id}:0badc0de", TimeSpan.FromHours(1))!.Job.Id);
            Assert.Equal(live, store.ClaimJob($"{machine}:{Environment.ProcessId}:0badc0de", TimeSpan.FromHours(1))!.Job.Id);
            Assert.Equal(remote, store.ClaimJob($"elsewhere-{Environment.MachineName}:{exited.Id}:0badc0de", TimeSpan.FromHours(1))!.Job.Id);
        }
        var job = kb.Jobs.Claim(TimeSpan.FromMinutes(5));
        Assert.Equal(dead, job?.Id);
        Assert.Equal(2, job!.Attempts);
        Assert.Null(kb.Jobs.Claim(TimeSpan.FromMinutes(5))); // the live runner's and the other machine's stay theirs until their leases run out
        Assert.Equal(IngestJobStatus.Running, kb.Jobs.Get(live)!.Status);
        Assert.Equal(IngestJobStatus.Running, kb.Jobs.Get(remote)!.Status);
    }

    [Fact]
    public void A_job_of_a_gone_process_id_in_another_pid_namespace_or_boot_is_left_to_its_lease_and_the_scan_runs_once_per_lease()
    {
        using var exited = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("true") { UseShellExecute = false })!;
        exited.WaitForExit();
        using var kb = KnowledgeBase.Open(_temp.Path);
        var machine = kb.Jobs.Runner[..kb.Jobs.Runner.IndexOf(':')];
        var parts = machine.Split('/');
        var container = IngestJobQueue.NewId();
        var rebooted = IngestJobQueue.NewId();
        var bare = IngestJobQueue.NewId();
        var later = IngestJobQueue.NewId();
        foreach (var id in new[] { container, rebooted, bare }) kb.Jobs.Enqueue(id, ["a.md"], []);
        using (var store = KnowledgeBase.OpenStore(_temp.Path))
        {
            // same host name, a process id this process cannot see: another container's, another boot's, and one without the exact part
            Assert.Equal(container, store.ClaimJob($"{parts[0]}/{parts[1]}/1{parts[2]}:{exited.Id}:0badc0de", TimeSpan.FromHours(1))!.Job.Id);
            Assert.Equal(rebooted, store.ClaimJob($"{parts[0]}/{(parts[1] == "00000000" ? "11111111" : "00000000")}/{parts[2]}:{exited.Id}:0badc0de", TimeSpan.FromHours(1))!.Job.Id);
            Assert.Equal(bare, store.ClaimJob($"{parts[0]}:{exited.Id}:0badc0de", TimeSpan.FromHours(1))!.Job.Id);
        }
        Assert.Null(kb.Jobs.Claim(TimeSpan.FromHours(1))); // looked for stopped processes: none of these is this machine's exactly
        kb.Jobs.Enqueue(later, ["b.md"], []);
        using (var store = KnowledgeBase.OpenStore(_temp.Path))
            Assert.Equal(later, store.ClaimJob($"{machine}:{exited.Id}:0badc0de", TimeSpan.FromHours(1))!.Job.Id);
        Assert.Null(kb.Jobs.Claim(TimeSpan.FromHours(1))); // within the lease period of the last look: not looked at again
        Assert.All(new[] { container, rebooted, bare, later }, id => Assert.Equal(IngestJobStatus.Running, kb.Jobs.Get(id)!.Status));
    }

    [Fact]
    public void A_local_failure_gives_the_job_back_until_it_was_tried_three_times_then_fails_it_saying_so_without_the_folder_path()
    {
        using var kb = KnowledgeBase.Open(_temp.Path);
        var id = IngestJobQueue.NewId();
        kb.Jobs.Enqueue(id, ["a.md"], []);
        var error = $"the ingest failed (Access to the path '{Path.Combine(_temp.Path, IngestJobQueue.UploadsFolder, id, "a.md")}' is denied.)";
        for (int attempt = 1; attempt <= IngestJobQueue.MaxAttempts; attempt++)
        {
            var job = kb.Jobs.Claim(TimeSpan.FromMinutes(5))!;
            Assert.Equal(id, job.Id);
            Assert.Equal(attempt, job.Attempts);
            bool given = kb.Jobs.GiveBackOrFail(job, error);
            Assert.Equal(attempt < IngestJobQueue.MaxAttempts, given);
            Assert.Equal(given ? IngestJobStatus.Queued : IngestJobStatus.Failed, kb.Jobs.Get(id)!.Status);
        }
        var failed = kb.Jobs.Get(id)!;
        Assert.Contains("tried 3 times", failed.Error);
        Assert.Contains($"'{IngestJobQueue.UploadsFolder}/{id}/a.md'", failed.Error);
        Assert.DoesNotContain(_temp.Path, failed.Error);
        Assert.Null(kb.Jobs.Claim(TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public void A_failure_naming_the_knowledge_base_folder_is_stored_without_its_path()
    {
        using var kb = KnowledgeBase.Open(_temp.Path);
        var id = IngestJobQueue.NewId();
        kb.Jobs.Enqueue(id, ["a.md"], []);
        Assert.Equal(id, kb.Jobs.Claim(TimeSpan.FromMinutes(5))!.Id);
        Assert.True(kb.Jobs.Fail(id, $"{_temp.Path}: another Tailor process is writing to this knowledge base"));
        var error = kb.Jobs.Get(id)!.Error!;
        Assert.DoesNotContain(_temp.Path, error);
        Assert.Equal("the knowledge base folder: another Tailor process is writing to this knowledge base", error);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _temp.Dispose();
    }
}
