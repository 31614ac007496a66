using Microsoft.Data.Sqlite;

namespace Tailor.Storage;

/// <summary>The ingest queue's rows (<c>ingest_jobs</c>).</summary>
public sealed partial class SqliteStore
{
    private const string JobColumns = "id, owner, status, folder, files, tags, created_at, started_at, finished_at, counts, failures, error, attempts";

    public void AddJob(StoredJob job)
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
        cmd.CommandText = $"SELECT {JobColumns} FROM ingest_jobs WHERE id=$id";
        cmd.Parameters.AddWithValue("$id", id);
        using var r = cmd.ExecuteReader();
        return r.Read() ? ReadJob(r) : null;
    }

    public List<StoredJob> ListJobs(bool pendingOnly, int limit, string? owner = null)
    {
        using var c = Connect();
        using var cmd = c.CreateCommand();
        cmd.CommandText = $"SELECT {JobColumns} FROM ingest_jobs WHERE ($owner IS NULL OR owner = $owner)"
            + (pendingOnly ? " AND status IN ('queued', 'running') ORDER BY seq" : " ORDER BY seq DESC") + " LIMIT $limit";
        cmd.Parameters.AddWithValue("$owner", (object?)owner ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$limit", limit);
        using var r = cmd.ExecuteReader();
        var jobs = new List<StoredJob>();
        while (r.Read()) jobs.Add(ReadJob(r));
        return jobs;
    }

    public bool UpdateJob(StoredJob job)
    {
        using var c = Connect();
        using var cmd = c.CreateCommand();
        cmd.CommandText = """
            UPDATE ingest_jobs SET status=$status, started_at=$started, finished_at=$finished, counts=$counts, failures=$failures,
              error=$error, attempts=$attempts WHERE id=$id
            """;
        BindJob(cmd, job);
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
            Text(7), Text(8), Text(9), Text(10), Text(11), r.GetInt32(12));
    }
}
