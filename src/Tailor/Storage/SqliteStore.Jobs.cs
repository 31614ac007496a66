using Microsoft.Data.Sqlite;

namespace Tailor.Storage;

/// <summary>
/// The ingest queue's rows (<c>ingest_jobs</c>). A claim is one UPDATE, which SQLite runs under its single writer, so
/// two runners never take one job; leases are Unix milliseconds of this machine's clock (the store is one folder's).
/// </summary>
public sealed partial class SqliteStore
{
    private const string JobColumns = "id, owner, status, folder, files, tags, created_at, started_at, finished_at, counts, failures, error, attempts";

    // what a job is read with: its columns and who runs it
    private const string JobReadColumns = JobColumns + ", runner";

    public void AddJob(StoredJob job, IReadOnlyList<JobFile> files)
    {
        using var c = Connect();
        using var cmd = c.CreateCommand();
        cmd.CommandText = $"""
            INSERT INTO ingest_jobs({JobColumns}, seq)
            VALUES ($id, $owner, $status, $folder, $files, $tags, $created, $started, $finished, $counts, $failures, $error, $attempts,
              (SELECT COALESCE(MAX(seq), 0) + 1 FROM ingest_jobs))
            """;
        BindJob(cmd, job);
        cmd.ExecuteNonQuery();
    }

    public StoredJob? GetJob(string id)
    {
        using var c = Connect();
        using var cmd = c.CreateCommand();
        cmd.CommandText = $"SELECT {JobReadColumns} FROM ingest_jobs WHERE id=$id";
        cmd.Parameters.AddWithValue("$id", id);
        using var r = cmd.ExecuteReader();
        return r.Read() ? ReadJob(r) : null;
    }

    public List<StoredJob> ListJobs(bool pendingOnly, int limit)
    {
        using var c = Connect();
        using var cmd = c.CreateCommand();
        cmd.CommandText = $"SELECT {JobReadColumns} FROM ingest_jobs"
            + (pendingOnly ? " WHERE status IN ('queued', 'running') ORDER BY seq" : " ORDER BY seq DESC") + " LIMIT $limit";
        cmd.Parameters.AddWithValue("$limit", limit);
        using var r = cmd.ExecuteReader();
        var jobs = new List<StoredJob>();
        while (r.Read()) jobs.Add(ReadJob(r));
        return jobs;
    }

    public JobClaim? ClaimJob(string runner, TimeSpan lease)
    {
        var now = DateTimeOffset.UtcNow;
        using var c = Connect();
        using var cmd = c.CreateCommand();
        cmd.CommandText = $"""
            UPDATE ingest_jobs SET status='running', runner=$runner, lease_until=$until, started_at=$started, attempts=attempts + 1
            WHERE id = (SELECT id FROM ingest_jobs
                        WHERE status='queued' OR (status='running' AND (lease_until IS NULL OR lease_until <= $now))
                        ORDER BY seq LIMIT 1)
            RETURNING {JobReadColumns}
            """;
        cmd.Parameters.AddWithValue("$runner", runner);
        cmd.Parameters.AddWithValue("$until", (now + lease).ToUnixTimeMilliseconds());
        cmd.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
        cmd.Parameters.AddWithValue("$started", now.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        using var r = cmd.ExecuteReader();
        return r.Read() ? new JobClaim(ReadJob(r), []) : null;
    }

    public bool RenewJob(string id, string runner, TimeSpan lease)
    {
        using var c = Connect();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "UPDATE ingest_jobs SET lease_until=$until WHERE id=$id AND runner=$runner AND status='running'";
        cmd.Parameters.AddWithValue("$id", id);
        cmd.Parameters.AddWithValue("$runner", runner);
        cmd.Parameters.AddWithValue("$until", (DateTimeOffset.UtcNow + lease).ToUnixTimeMilliseconds());
        return cmd.ExecuteNonQuery() > 0;
    }

    public bool FinishJob(StoredJob job, string runner)
    {
        using var c = Connect();
        using var cmd = c.CreateCommand();
        cmd.CommandText = """
            UPDATE ingest_jobs SET status=$status, started_at=$started, finished_at=$finished, counts=$counts, failures=$failures,
              error=$error, attempts=$attempts, runner=NULL, lease_until=NULL
            WHERE id=$id AND runner=$runner AND status='running'
            """;
        BindJob(cmd, job);
        cmd.Parameters.AddWithValue("$runner", runner);
        return cmd.ExecuteNonQuery() > 0;
    }

    public int CountPendingJobs()
    {
        using var c = Connect();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT COUNT(*) FROM ingest_jobs WHERE status IN ('queued', 'running')";
        return Convert.ToInt32(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void BindJob(SqliteCommand cmd, StoredJob job)
    {
        static object Value(string? s) => (object?)s ?? DBNull.Value;
        cmd.Parameters.AddWithValue("$id", job.Id);
        cmd.Parameters.AddWithValue("$owner", Value(job.Owner));
        cmd.Parameters.AddWithValue("$status", job.Status);
        cmd.Parameters.AddWithValue("$folder", job.Folder);
        cmd.Parameters.AddWithValue("$files", job.Files);
        cmd.Parameters.AddWithValue("$tags", job.Tags);
        cmd.Parameters.AddWithValue("$created", job.CreatedAt);
        cmd.Parameters.AddWithValue("$started", Value(job.StartedAt));
        cmd.Parameters.AddWithValue("$finished", Value(job.FinishedAt));
        cmd.Parameters.AddWithValue("$counts", Value(job.Counts));
        cmd.Parameters.AddWithValue("$failures", Value(job.Failures));
        cmd.Parameters.AddWithValue("$error", Value(job.Error));
        cmd.Parameters.AddWithValue("$attempts", job.Attempts);
    }

    private static StoredJob ReadJob(SqliteDataReader r)
    {
        string? Text(int i) => r.IsDBNull(i) ? null : r.GetString(i);
        return new StoredJob(r.GetString(0), Text(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetString(6),
            Text(7), Text(8), Text(9), Text(10), Text(11), r.GetInt32(12), Text(13));
    }
}
