using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Tailor.Storage;

namespace Tailor.Ingestion;

/// <summary>
/// A durable queue of ingest jobs in the knowledge base's store (<see cref="IJobRecords"/>: SQLite in the folder, or the
/// PostgreSQL database several servers share). A job is committed before its request is acknowledged, so one accepted
/// before a crash is still queued (or running) when the knowledge base is opened again and is run from the start:
/// ingesting is idempotent, unchanged documents are skipped. A job is run by whoever claims it, under a lease the runner
/// renews; one whose runner stopped renewing (it crashed) is claimed again once the lease ran out. On a shared database
/// the job's files are committed with it, so any server can claim it and writes them into its own folder first.
/// </summary>
public sealed class IngestJobQueue
{
    /// <summary>Where uploaded files are saved, under the knowledge base folder, one folder per job.</summary>
    public const string UploadsFolder = "uploads";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly string _directory;
    private readonly IJobRecords _records;
    private readonly string? _owner;

    /// <param name="directory">The knowledge base folder: the jobs' uploaded files are saved under it.</param>
    /// <param name="records">The store's job rows.</param>
    /// <param name="owner">Who adds jobs here, on a store shared with other folders (their files are then kept in the store); null: the store is this folder's own.</param>
    internal IngestJobQueue(string directory, IJobRecords records, string? owner)
    {
        _directory = directory;
        _records = records;
        _owner = owner;
        Runner = $"{LocalMachine.Value}:{Environment.ProcessId}:{NewId()[..8]}";
    }

    /// <summary>
    /// Who runs the jobs this queue claims: <c>machine:pid:random</c>. The machine part is the machine name, followed on
    /// Linux by <c>/</c>, the first 8 hex digits of the boot id (<c>/proc/sys/kernel/random/boot_id</c>), <c>/</c> and the
    /// pid namespace's inode (of the link <c>/proc/self/ns/pid</c>): containers sharing a host name, or a machine booted
    /// again, differ there, so a process id is only compared with the processes it can name. The random part (8 hex
    /// digits) is unique to this queue. Where the boot id or namespace cannot be read, the machine part is the machine
    /// name alone, and no job is given back by process (only by its lease running out).
    /// </summary>
    public string Runner { get; }

    // the machine part of runner ids of this process, and whether it is exact (pids in it name processes this one can see)
    private static readonly Lazy<string> LocalMachine = new(ReadMachinePart);
    private static bool LocalMachineExact => LocalMachine.Value.Contains('/', StringComparison.Ordinal);
    private long _nextScan; // when the stopped processes' jobs are looked for again (UTC ticks): once per lease period

    /// <summary>A new job id: 16 random hex digits, also the name of the job's upload folder.</summary>
    public static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    /// <summary>The full path of the upload folder of job <paramref name="id"/> (created).</summary>
    public string FolderFor(string id)
    {
        if (id.Length == 0 || !id.All(char.IsAsciiHexDigitLower)) throw new TailorException($"\"{id}\" is not a job id; job ids are lowercase hex digits.");
        var folder = Path.Combine(_directory, UploadsFolder, id);
        Directory.CreateDirectory(folder);
        return folder;
    }

    /// <summary>
    /// Records a job whose files are already saved (and flushed) in <see cref="FolderFor"/>; committed when this returns,
    /// on a shared store with the files' bytes, so the job does not depend on this folder's disk.
    /// </summary>
    public IngestJob Enqueue(string id, IReadOnlyList<string> files, IReadOnlyList<string> tags)
    {
        var job = new IngestJob
        {
            Id = id,
            Status = IngestJobStatus.Queued,
            Folder = UploadsFolder + "/" + id,
            Files = files,
            Tags = tags,
            Created = DateTimeOffset.UtcNow,
        };
        var folder = FolderFor(id);
        var kept = _owner is null ? [] : Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(f => new JobFile(Path.GetRelativePath(folder, f).Replace('\\', '/'), File.ReadAllBytes(f))).ToList();
        _records.AddJob(new StoredJob(job.Id, _owner, "queued", job.Folder, JsonSerializer.Serialize(files, Json), JsonSerializer.Serialize(tags, Json),
            job.Created.ToString("O", CultureInfo.InvariantCulture)), kept);
        return job;
    }

    /// <summary>The job, or null when no job has this id.</summary>
    public IngestJob? Get(string id) => _records.GetJob(id) is { } row ? Read(row) : null;

    /// <summary>Jobs not finished yet (queued, or running here or on another server), oldest first.</summary>
    public IReadOnlyList<IngestJob> Pending() => _records.ListJobs(pendingOnly: true, int.MaxValue).Select(Read).ToList();

    /// <summary>The most recent jobs, newest first.</summary>
    public IReadOnlyList<IngestJob> Recent(int limit) => _records.ListJobs(pendingOnly: false, limit).Select(Read).ToList();

    /// <summary>
    /// Takes the oldest job that is queued or whose runner's lease ran out, for <see cref="Runner"/> until
    /// <paramref name="lease"/> from now (counting the attempt); its files kept in the store are written into its folder
    /// here. Null when no job is free, or when a job's files could not be written here (see the other overload).
    /// </summary>
    public IngestJob? Claim(TimeSpan lease) => Claim(lease, out _);

    /// <summary>
    /// As <see cref="Claim(TimeSpan)"/>; when a job's files cannot be written into its folder here (a local disk or
    /// permission failure) the job is given back for another runner, or failed once tried <see cref="MaxAttempts"/>
    /// times (<see cref="GiveBackOrFail"/>), and null is returned with the failure in <paramref name="localFailure"/>,
    /// for the caller to log and to wait a little before claiming again. A job whose stored file name leads out of its
    /// folder cannot run anywhere: it is failed, saying why, and the next one taken.
    /// </summary>
    public IngestJob? Claim(TimeSpan lease, out Exception? localFailure)
    {
        localFailure = null;
        GiveBackJobsOfStoppedProcesses(lease);
        while (_records.ClaimJob(Runner, lease) is { } claim)
        {
            if (claim.Files.Count == 0) return Read(claim.Job);
            var job = Read(claim.Job);
            try
            {
                var folder = FolderFor(claim.Job.Id);
                foreach (var file in claim.Files) Materialize(folder, claim.Job.Id, file);
                return job;
            }
            catch (TailorException ex)
            {
                // a bad stored name: the job cannot run here nor anywhere, fail it rather than leave it to be claimed again and again
                Fail(claim.Job.Id, $"the job's files could not be written into {claim.Job.Folder} ({ex.Message})");
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // this disk, not the job: another runner (or this one, later) may write them
                localFailure = ex;
                GiveBackOrFail(job, $"the job's files could not be written into {claim.Job.Folder} ({ex.Message})");
                return null;
            }
        }
        return null;
    }

    /// <summary>How many times a job is tried (claimed) before a local failure (disk, permissions) fails it for good.</summary>
    public const int MaxAttempts = 3;

    /// <summary>
    /// After a failure of this runner's machine rather than of the job (a disk or permission error while writing or
    /// ingesting its files): gives the job back to the queue for any runner, or, once it has been tried
    /// <see cref="MaxAttempts"/> times, fails it with <paramref name="error"/>, saying how often it was tried. True when
    /// given back; false when failed (or this runner no longer holds it).
    /// </summary>
    public bool GiveBackOrFail(IngestJob job, string error)
    {
        if (job.Attempts < MaxAttempts && Release(job.Id)) return true;
        Fail(job.Id, $"{error.TrimEnd('.')}; tried {job.Attempts} times, the last failure is this one; upload the files again, or look at the server's log.");
        return false;
    }

    /// <summary>
    /// Gives back the running jobs whose runner was a process of this machine, boot and pid namespace that is gone
    /// (killed, crashed): restarted after a crash, a server takes them at once instead of after their lease. A runner of
    /// another machine, container or boot, one whose machine part is not exact, or a process still alive (whatever it
    /// is: a reused process id only means waiting for the lease) is left to its lease. Looks at most once per
    /// <paramref name="lease"/> period (it reads all pending jobs).
    /// </summary>
    private void GiveBackJobsOfStoppedProcesses(TimeSpan lease)
    {
        long now = DateTime.UtcNow.Ticks;
        long next = Interlocked.Read(ref _nextScan);
        if (now < next || Interlocked.CompareExchange(ref _nextScan, now + lease.Ticks, next) != next) return;
        if (!LocalMachineExact) return;
        var local = LocalMachine.Value + ":";
        foreach (var row in _records.ListJobs(pendingOnly: true, int.MaxValue))
        {
            if (row.Status != "running" || row.Runner is not { } runner || runner == Runner || !runner.StartsWith(local, StringComparison.Ordinal)) continue;
            var parts = runner.Split(':');
            if (parts.Length != 3 || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int pid) || IsAlive(pid)) continue;
            _records.FinishJob(row with { Status = "queued" }, runner); // refused (false) when another runner took it meanwhile
        }
    }

    /// <summary>The machine name, and on Linux the boot id's first 8 hex digits and the pid namespace's inode, joined by <c>/</c>; the name alone where these cannot be read.</summary>
    private static string ReadMachinePart()
    {
        var name = Environment.MachineName.Replace(':', '-').Replace('/', '-');
        try
        {
            var boot = File.ReadAllText("/proc/sys/kernel/random/boot_id").Trim().Replace("-", "", StringComparison.Ordinal);
            var link = new FileInfo("/proc/self/ns/pid").LinkTarget; // "pid:[4026531836]"
            if (boot.Length < 8 || !boot[..8].All(char.IsAsciiHexDigit) || link is null) return name;
            int open = link.IndexOf('['), close = link.IndexOf(']');
            if (open < 0 || close <= open + 1) return name;
            var inode = link[(open + 1)..close];
            return inode.All(char.IsAsciiDigit) ? $"{name}/{boot[..8].ToLowerInvariant()}/{inode}" : name;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or System.Security.SecurityException)
        {
            return name; // not Linux, or /proc not readable: no give-back by process
        }
    }

    private static bool IsAlive(int pid)
    {
        if (pid == Environment.ProcessId) return true;
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false; // no process has this id
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>Extends the lease of a job this queue's runner holds; false when it holds it no more (another server took it, or it is finished).</summary>
    public bool Renew(string id, TimeSpan lease) => _records.RenewJob(id, Runner, lease);

    /// <summary>Records a finished ingest: counts and per-file failures, named relative to the job's folder; false when this runner no longer holds the job (nothing is written).</summary>
    public bool Complete(IngestJob job, IngestResult result)
    {
        var folder = Path.Combine(_directory, job.Folder);
        var failures = result.Failures.Select(f => f with { Source = Relative(folder, f.Source), Error = WithoutFolder(f.Error) }).ToList();
        var counts = new IngestJobCounts(result.Added, result.Updated, result.Unchanged, result.Failed, result.Chunks);
        return Finish(job.Id, row => row with
        {
            Status = "done",
            FinishedAt = Now(),
            Counts = JsonSerializer.Serialize(counts, Json),
            Failures = JsonSerializer.Serialize(failures, Json),
        });
    }

    /// <summary>
    /// Records that the whole job failed, and why; false when this runner no longer holds the job. The error is stored
    /// (and shown to whoever reads the job) without the knowledge base folder's path: names under it are made relative
    /// to it (log the full message where it is caught).
    /// </summary>
    public bool Fail(string id, string error) => Finish(id, row => row with { Status = "failed", FinishedAt = Now(), Error = WithoutFolder(error) });

    /// <summary><paramref name="message"/> with this knowledge base folder's path left out: paths under it relative to it, the folder itself named so.</summary>
    public string WithoutFolder(string message)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(_directory));
        return message.Replace(full + Path.DirectorySeparatorChar, "", StringComparison.Ordinal).Replace(full, "the knowledge base folder", StringComparison.Ordinal);
    }

    /// <summary>Gives a job this runner holds back to the queue (it was cut off), for any runner to take at once.</summary>
    public bool Release(string id) => Finish(id, row => row with { Status = "queued" });

    /// <summary>Jobs waiting or running.</summary>
    public int PendingCount() => _records.CountPendingJobs();

    private bool Finish(string id, Func<StoredJob, StoredJob> change)
    {
        var row = _records.GetJob(id) ?? throw new TailorException($"no ingest job has the id \"{id}\".", TailorErrorKind.NotFound);
        return _records.FinishJob(change(row), Runner);
    }

    /// <summary>Writes a file kept with the job into its folder here, unless the same bytes are there already (the server that accepted it).</summary>
    private static void Materialize(string folder, string id, JobFile file)
    {
        var path = Path.GetFullPath(Path.Combine(folder, file.Path));
        if (!path.StartsWith(folder + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new TailorException($"job {id}: the stored file name \"{file.Path}\" leads out of the job's folder; upload the files again.");
        if (File.Exists(path) && new FileInfo(path).Length == file.Data.Length && File.ReadAllBytes(path).AsSpan().SequenceEqual(file.Data)) return;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // written beside the job folders, not in one (a file left there by a crash is never ingested), then moved in
        var temp = Path.Combine(Path.GetDirectoryName(folder)!, $".{id}-{NewId()}.part");
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            stream.Write(file.Data);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temp, path, overwrite: true);
    }

    private static string Relative(string folder, string source)
    {
        if (!Path.IsPathFullyQualified(source)) return source;
        var relative = Path.GetRelativePath(folder, source).Replace('\\', '/');
        return relative.StartsWith("..", StringComparison.Ordinal) ? Path.GetFileName(source) : relative;
    }

    private static string Now() => DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);

    private static IngestJob Read(StoredJob row)
    {
        static DateTimeOffset? Time(string? s) => s is null ? null : DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
        return new IngestJob
        {
            Id = row.Id,
            Status = Enum.Parse<IngestJobStatus>(row.Status, ignoreCase: true),
            Folder = row.Folder,
            Files = JsonSerializer.Deserialize<List<string>>(row.Files, Json) ?? [],
            Tags = JsonSerializer.Deserialize<List<string>>(row.Tags, Json) ?? [],
            Created = Time(row.CreatedAt)!.Value,
            Started = Time(row.StartedAt),
            Finished = Time(row.FinishedAt),
            Counts = row.Counts is { } counts ? JsonSerializer.Deserialize<IngestJobCounts>(counts, Json) : null,
            Failures = row.Failures is { } failures ? JsonSerializer.Deserialize<List<IngestFailure>>(failures, Json) ?? [] : [],
            Error = row.Error,
            Attempts = row.Attempts,
        };
    }
}
