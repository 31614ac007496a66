using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Tailor.Ingestion;

/// <summary>
/// A durable queue of ingest jobs in the knowledge base's SQLite database (table <c>ingest_jobs</c>, created when
/// first used, through its own connections: kept apart from the store seam until the queue moves behind it). A job is committed before its request is acknowledged, so one accepted before a crash is
/// still queued (or running) when the knowledge base is opened again and is run from the start: ingesting
/// is idempotent, unchanged documents are skipped. One worker runs the jobs, in order.
/// </summary>
public sealed class IngestJobQueue
{
    /// <summary>Where uploaded files are saved, under the knowledge base folder, one folder per job.</summary>
    public const string UploadsFolder = "uploads";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly string _directory;
    private readonly string _connectionString;
    private bool _schemaReady;

    /// <param name="directory">The knowledge base folder; the queue lives in its SQLite database, beside the documents.</param>
    internal IngestJobQueue(string directory)
    {
        _directory = directory;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(directory, KnowledgeBase.DatabaseFileName),
            Mode = SqliteOpenMode.ReadWrite,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    private SqliteConnection Connect()
    {
        var c = new SqliteConnection(_connectionString);
        c.Open();
        Exec(c, "PRAGMA busy_timeout=30000; PRAGMA synchronous=NORMAL;");
        if (!_schemaReady)
        {
            Exec(c, """
                CREATE TABLE IF NOT EXISTS ingest_jobs(
                  id TEXT PRIMARY KEY,
                  seq INTEGER NOT NULL,
                  status TEXT NOT NULL,
                  folder TEXT NOT NULL,
                  files TEXT NOT NULL,
                  tags TEXT NOT NULL,
                  created_at TEXT NOT NULL,
                  started_at TEXT,
                  finished_at TEXT,
                  counts TEXT,
                  failures TEXT,
                  error TEXT,
                  attempts INTEGER NOT NULL DEFAULT 0);
                CREATE INDEX IF NOT EXISTS ingest_jobs_status ON ingest_jobs(status, seq);
                """);
            _schemaReady = true;
        }
        return c;
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
        using var c = Connect();
        using var cmd = c.CreateCommand();
        cmd.CommandText = """
            INSERT INTO ingest_jobs(id, seq, status, folder, files, tags, created_at)
            VALUES ($id, (SELECT COALESCE(MAX(seq), 0) + 1 FROM ingest_jobs), 'queued', $folder, $files, $tags, $created)
            """;
        cmd.Parameters.AddWithValue("$id", job.Id);
        cmd.Parameters.AddWithValue("$folder", job.Folder);
        cmd.Parameters.AddWithValue("$files", JsonSerializer.Serialize(files, Json));
        cmd.Parameters.AddWithValue("$tags", JsonSerializer.Serialize(tags, Json));
        cmd.Parameters.AddWithValue("$created", job.Created.ToString("O", CultureInfo.InvariantCulture));
        cmd.ExecuteNonQuery();
        return job;
    }

    /// <summary>The job, or null when no job has this id.</summary>
    public IngestJob? Get(string id)
    {
        using var c = Connect();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT * FROM ingest_jobs WHERE id=$id";
        cmd.Parameters.AddWithValue("$id", id);
        using var r = cmd.ExecuteReader();
        return r.Read() ? Read(r) : null;
    }

    /// <summary>Jobs not finished yet (queued, or running when the process stopped), oldest first.</summary>
    public IReadOnlyList<IngestJob> Pending()
    {
        using var c = Connect();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT * FROM ingest_jobs WHERE status IN ('queued', 'running') ORDER BY seq";
        using var r = cmd.ExecuteReader();
        var jobs = new List<IngestJob>();
        while (r.Read()) jobs.Add(Read(r));
        return jobs;
    }

    /// <summary>The most recent jobs, newest first.</summary>
    public IReadOnlyList<IngestJob> Recent(int limit)
    {
        using var c = Connect();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT * FROM ingest_jobs ORDER BY seq DESC LIMIT $limit";
        cmd.Parameters.AddWithValue("$limit", limit);
        using var r = cmd.ExecuteReader();
        var jobs = new List<IngestJob>();
        while (r.Read()) jobs.Add(Read(r));
        return jobs;
    }

    /// <summary>Marks a job as running (counting the attempt).</summary>
    public void MarkRunning(string id) => Update(id, "UPDATE ingest_jobs SET status='running', started_at=$t, attempts=attempts+1 WHERE id=$id");

    /// <summary>Records a finished ingest: counts and per-file failures, named relative to the job's folder.</summary>
    public void Complete(IngestJob job, IngestResult result)
    {
        var folder = Path.Combine(_directory, job.Folder);
        var failures = result.Failures.Select(f => f with { Source = Relative(folder, f.Source) }).ToList();
        var counts = new IngestJobCounts(result.Added, result.Updated, result.Unchanged, result.Failed, result.Chunks);
        using var c = Connect();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "UPDATE ingest_jobs SET status='done', finished_at=$t, counts=$counts, failures=$failures WHERE id=$id";
        cmd.Parameters.AddWithValue("$id", job.Id);
        cmd.Parameters.AddWithValue("$t", Now());
        cmd.Parameters.AddWithValue("$counts", JsonSerializer.Serialize(counts, Json));
        cmd.Parameters.AddWithValue("$failures", JsonSerializer.Serialize(failures, Json));
        cmd.ExecuteNonQuery();
    }

    /// <summary>Records that the whole job failed, and why.</summary>
    public void Fail(string id, string error)
    {
        using var c = Connect();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "UPDATE ingest_jobs SET status='failed', finished_at=$t, error=$error WHERE id=$id";
        cmd.Parameters.AddWithValue("$id", id);
        cmd.Parameters.AddWithValue("$t", Now());
        cmd.Parameters.AddWithValue("$error", error);
        cmd.ExecuteNonQuery();
    }

    /// <summary>Jobs waiting or running.</summary>
    public int PendingCount()
    {
        using var c = Connect();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT COUNT(*) FROM ingest_jobs WHERE status IN ('queued', 'running')";
        return Convert.ToInt32(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static void Exec(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    private void Update(string id, string sql)
    {
        using var c = Connect();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.Parameters.AddWithValue("$id", id);
        cmd.Parameters.AddWithValue("$t", Now());
        cmd.ExecuteNonQuery();
    }

    private static string Relative(string folder, string source)
    {
        if (!Path.IsPathFullyQualified(source)) return source;
        var relative = Path.GetRelativePath(folder, source).Replace('\\', '/');
        return relative.StartsWith("..", StringComparison.Ordinal) ? Path.GetFileName(source) : relative;
    }

    private static string Now() => DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);

    private static IngestJob Read(SqliteDataReader r)
    {
        static DateTimeOffset? Time(SqliteDataReader r, string column) =>
            r[column] is string s ? DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind) : null;
        return new IngestJob
        {
            Id = (string)r["id"],
            Status = Enum.Parse<IngestJobStatus>((string)r["status"], ignoreCase: true),
            Folder = (string)r["folder"],
            Files = JsonSerializer.Deserialize<List<string>>((string)r["files"], Json) ?? [],
            Tags = JsonSerializer.Deserialize<List<string>>((string)r["tags"], Json) ?? [],
            Created = Time(r, "created_at")!.Value,
            Started = Time(r, "started_at"),
            Finished = Time(r, "finished_at"),
            Counts = r["counts"] is string counts ? JsonSerializer.Deserialize<IngestJobCounts>(counts, Json) : null,
            Failures = r["failures"] is string failures ? JsonSerializer.Deserialize<List<IngestFailure>>(failures, Json) ?? [] : [],
            Error = r["error"] as string,
            Attempts = Convert.ToInt32(r["attempts"], CultureInfo.InvariantCulture),
        };
    }
}
