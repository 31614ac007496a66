using Npgsql;
using Tailor.Storage;

namespace Tailor.Postgres;

/// <summary>The ingest queue's rows (<c>ingest_jobs</c>), shared by every server on the database; each runs the jobs it added.</summary>
public sealed partial class PostgresStore
{
    private const string JobColumns = "id, owner, status, folder, files, tags, created_at, started_at, finished_at, counts, failures, error, attempts";

    public void AddJob(StoredJob job)
    {
        using var c = Use();
        using var cmd = c.Command($"INSERT INTO ingest_jobs({JobColumns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)");
        BindJob(cmd, job);
        cmd.ExecuteNonQuery();
    }

    public StoredJob? GetJob(string id)
    {
        using var c = Use();
        using var cmd = c.Command($"SELECT {JobColumns} FROM ingest_jobs WHERE id = $1");
        cmd.Parameters.AddWithValue(id);
        using var r = cmd.ExecuteReader();
        return r.Read() ? ReadJob(r) : null;
    }

    public List<StoredJob> ListJobs(bool pendingOnly, int limit, string? owner = null)
    {
        using var c = Use();
        using var cmd = c.Command($"SELECT {JobColumns} FROM ingest_jobs WHERE ($1::text IS NULL OR owner = $1)"
            + (pendingOnly ? " AND status IN ('queued', 'running') ORDER BY seq" : " ORDER BY seq DESC") + " LIMIT $2");
        cmd.Parameters.AddWithValue((object?)owner ?? DBNull.Value);
        cmd.Parameters.AddWithValue(limit);
        using var r = cmd.ExecuteReader();
        var jobs = new List<StoredJob>();
        while (r.Read()) jobs.Add(ReadJob(r));
        return jobs;
    }

    public bool UpdateJob(StoredJob job)
    {
        using var c = Use();
        using var cmd = c.Command("UPDATE ingest_jobs SET status = $2, started_at = $3, finished_at = $4, counts = $5, failures = $6, error = $7, attempts = $8 WHERE id = $1");
        cmd.Parameters.AddWithValue(job.Id);
        cmd.Parameters.AddWithValue(job.Status);
        foreach (var text in new[] { job.StartedAt, job.FinishedAt, job.Counts, job.Failures, job.Error })
            cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)text ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        cmd.Parameters.AddWithValue(job.Attempts);
        return cmd.ExecuteNonQuery() > 0;
    }

    public int CountPendingJobs()
    {
        using var c = Use();
        using var cmd = c.Command("SELECT COUNT(*) FROM ingest_jobs WHERE status IN ('queued', 'running')");
        return Convert.ToInt32(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void BindJob(NpgsqlCommand cmd, StoredJob job)
    {
        static object Value(string? s) => (object?)s ?? DBNull.Value;
        cmd.Parameters.AddWithValue(job.Id);
        cmd.Parameters.Add(new NpgsqlParameter { Value = Value(job.Owner), NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        cmd.Parameters.AddWithValue(job.Status);
        cmd.Parameters.AddWithValue(job.Folder);
        cmd.Parameters.AddWithValue(job.Files);
        cmd.Parameters.AddWithValue(job.Tags);
        cmd.Parameters.AddWithValue(job.CreatedAt);
        foreach (var text in new[] { job.StartedAt, job.FinishedAt, job.Counts, job.Failures, job.Error })
            cmd.Parameters.Add(new NpgsqlParameter { Value = Value(text), NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        cmd.Parameters.AddWithValue(job.Attempts);
    }

    private static StoredJob ReadJob(NpgsqlDataReader r)
    {
        string? Text(int i) => r.IsDBNull(i) ? null : r.GetString(i);
        return new StoredJob(r.GetString(0), Text(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetString(6),
            Text(7), Text(8), Text(9), Text(10), Text(11), r.GetInt32(12));
    }
}
