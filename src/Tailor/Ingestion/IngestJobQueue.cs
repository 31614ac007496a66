using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Tailor.Storage;

namespace Tailor.Ingestion;

/// <summary>
/// A durable queue of ingest jobs in the knowledge base's store (<see cref="IJobRecords"/>: SQLite in the folder, or the
/// PostgreSQL database several servers share). A job is committed before its request is acknowledged, so one accepted
/// before a crash is still queued (or running) when the knowledge base is opened again and is run from the start:
/// ingesting is idempotent, unchanged documents are skipped. One worker per process runs the jobs, in order; on a shared
/// database each process runs the jobs it added (their files are in its folder), and every process can report on any.
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
    /// <param name="owner">Who adds and runs jobs here, on a store shared with other folders (null: the store is this folder's own).</param>
    internal IngestJobQueue(string directory, IJobRecords records, string? owner)
    {
        _directory = directory;
        _records = records;
        _owner = owner;
    }

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

    /// <summary>Records a job whose files are already saved (and flushed) in <see cref="FolderFor"/>; committed when this returns.</summary>
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
        _records.AddJob(new StoredJob(job.Id, _owner, "queued", job.Folder, JsonSerializer.Serialize(files, Json), JsonSerializer.Serialize(tags, Json),
            job.Created.ToString("O", CultureInfo.InvariantCulture)));
        return job;
    }

    /// <summary>The job, or null when no job has this id.</summary>
    public IngestJob? Get(string id) => _records.GetJob(id) is { } row ? Read(row) : null;

    /// <summary>This process's jobs not finished yet (queued, or running when the process stopped), oldest first.</summary>
    public IReadOnlyList<IngestJob> Pending() => _records.ListJobs(pendingOnly: true, int.MaxValue, _owner).Select(Read).ToList();

    /// <summary>The most recent jobs, newest first.</summary>
    public IReadOnlyList<IngestJob> Recent(int limit) => _records.ListJobs(pendingOnly: false, limit).Select(Read).ToList();

    /// <summary>Marks a job as running (counting the attempt).</summary>
    public void MarkRunning(string id) => Change(id, row => row with { Status = "running", StartedAt = Now(), Attempts = row.Attempts + 1 });

    /// <summary>Records a finished ingest: counts and per-file failures, named relative to the job's folder.</summary>
    public void Complete(IngestJob job, IngestResult result)
    {
        var folder = Path.Combine(_directory, job.Folder);
        var failures = result.Failures.Select(f => f with { Source = Relative(folder, f.Source) }).ToList();
        var counts = new IngestJobCounts(result.Added, result.Updated, result.Unchanged, result.Failed, result.Chunks);
        Change(job.Id, row => row with
        {
            Status = "done",
            FinishedAt = Now(),
            Counts = JsonSerializer.Serialize(counts, Json),
            Failures = JsonSerializer.Serialize(failures, Json),
        });
    }

    /// <summary>Records that the whole job failed, and why.</summary>
    public void Fail(string id, string error) => Change(id, row => row with { Status = "failed", FinishedAt = Now(), Error = error });

    /// <summary>Jobs waiting or running.</summary>
    public int PendingCount() => _records.CountPendingJobs();

    private void Change(string id, Func<StoredJob, StoredJob> change)
    {
        var row = _records.GetJob(id) ?? throw new TailorException($"no ingest job has the id \"{id}\".", TailorErrorKind.NotFound);
        _records.UpdateJob(change(row));
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
