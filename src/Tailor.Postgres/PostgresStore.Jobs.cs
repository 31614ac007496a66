using Npgsql;
using Tailor.Storage;

namespace Tailor.Postgres;

/// <summary>
/// The ingest queue's rows (<c>ingest_jobs</c>) and the files kept with them (<c>job_files</c>), shared by every server
/// on the database: any server claims the oldest free job with <c>FOR UPDATE SKIP LOCKED</c> in one statement, under a
/// lease timed by the database's clock (the servers' clocks may differ), and writes its files into its own folder.
/// </summary>
public sealed partial class PostgresStore
{
    private const string JobColumns = "id, owner, status, folder, files, tags, created_at, started_at, finished_at, counts, failures, error, attempts";

    // what a job is read with: its columns and who runs it
    private const string JobReadColumns = JobColumns + ", runner";

    public void AddJob(StoredJob job, IReadOnlyList<JobFile> files)
    {
        using var c = Use();
        using var tx = c.Begin();
        using (var cmd = c.Command($"INSERT INTO ingest_jobs({JobColumns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)", tx))
        {
            BindJob(cmd, job);
            cmd.ExecuteNonQuery();
        }
        foreach (var file in files)
        {
            // at least one part, so an empty file is kept too
            for (int part = 0, offset = 0; part == 0 || offset < file.Data.Length; part++, offset += MessageBudget)
            {
                using var insert = c.Command("INSERT INTO job_files(job_id, path, part, data) VALUES ($1, $2, $3, $4)", tx);
                insert.Parameters.AddWithValue(job.Id);
                insert.Parameters.AddWithValue(file.Path);
                insert.Parameters.AddWithValue(part);
                insert.Parameters.AddWithValue(file.Data[offset..Math.Min(file.Data.Length, offset + MessageBudget)]);
                insert.ExecuteNonQuery();
            }
        }
        c.Commit(tx);
    }

    public StoredJob? GetJob(string id)
    {
        using var c = Use();
        using var cmd = c.Command($"SELECT {JobReadColumns} FROM ingest_jobs WHERE id = $1");
        cmd.Parameters.AddWithValue(id);
        using var r = cmd.ExecuteReader();
        return r.Read() ? ReadJob(r) : null;
    }

    public List<StoredJob> ListJobs(bool pendingOnly, int limit)
    {
        using var c = Use();
        using var cmd = c.Command($"SELECT {JobReadColumns} FROM ingest_jobs"
            + (pendingOnly ? " WHERE status IN ('queued', 'running') ORDER BY seq" : " ORDER BY seq DESC") + " LIMIT $1");
        cmd.Parameters.AddWithValue(limit);
        using var r = cmd.ExecuteReader();
        var jobs = new List<StoredJob>();
        while (r.Read()) jobs.Add(ReadJob(r));
        return jobs;
    }

    public JobClaim? ClaimJob(string runner, TimeSpan lease)
    {
        using var c = Use();
        using var tx = c.Begin();
        StoredJob job;
        using (var claim = c.Command($"""
            UPDATE ingest_jobs SET status = 'running', runner = $1, lease_until = now() + $2 * interval '1 millisecond', started_at = $3, attempts = attempts + 1
            WHERE id = (SELECT id FROM ingest_jobs
                        WHERE status = 'queued' OR (status = 'running' AND (lease_until IS NULL OR lease_until <= now()))
                        ORDER BY seq LIMIT 1 FOR UPDATE SKIP LOCKED)
            RETURNING {JobReadColumns}
            """, tx))
        {
            claim.Parameters.AddWithValue(runner);
            claim.Parameters.AddWithValue(lease.TotalMilliseconds);
            claim.Parameters.AddWithValue(DateTimeOffset.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
            using var r = claim.ExecuteReader();
            if (!r.Read()) return null; // nothing free: the transaction, which changed nothing, is rolled back
            job = ReadJob(r);
        }
        var files = new List<JobFile>();
        using (var read = c.Command("SELECT path, data FROM job_files WHERE job_id = $1 ORDER BY path, part", tx))
        {
            read.Parameters.AddWithValue(job.Id);
            using var r = read.ExecuteReader();
            string? path = null;
            var data = new MemoryStream();
            while (r.Read())
            {
                if (r.GetString(0) != path)
                {
                    if (path != null) files.Add(new JobFile(path, data.ToArray()));
                    path = r.GetString(0);
                    data.SetLength(0);
                }
                data.Write(r.GetFieldValue<byte[]>(1));
            }
            if (path != null) files.Add(new JobFile(path, data.ToArray()));
        }
        c.Commit(tx);
        return new JobClaim(job, files);
    }

    public bool RenewJob(string id, string runner, TimeSpan lease)
    {
        using var c = Use();
        using var cmd = c.Command("UPDATE ingest_jobs SET lease_until = now() + $3 * interval '1 millisecond' WHERE id = $1 AND runner = $2 AND status = 'running'");
        cmd.Parameters.AddWithValue(id);
        cmd.Parameters.AddWithValue(runner);
        cmd.Parameters.AddWithValue(lease.TotalMilliseconds);
        return cmd.ExecuteNonQuery() > 0;
    }

    public bool FinishJob(StoredJob job, string runner)
    {
        using var c = Use();
        using var tx = c.Begin();
        int changed;
        using (var cmd = c.Command("""
            UPDATE ingest_jobs SET status = $2, started_at = $3, finished_at = $4, counts = $5, failures = $6, error = $7, attempts = $8,
              runner = NULL, lease_until = NULL
            WHERE id = $1 AND runner = $9 AND status = 'running'
            """, tx))
        {
            cmd.Parameters.AddWithValue(job.Id);
            cmd.Parameters.AddWithValue(job.Status);
            foreach (var text in new[] { job.StartedAt, job.FinishedAt, job.Counts, job.Failures, job.Error })
                cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)text ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
            cmd.Parameters.AddWithValue(job.Attempts);
            cmd.Parameters.AddWithValue(runner);
            changed = cmd.ExecuteNonQuery();
        }
        if (changed > 0 && job.Status is "done" or "failed")
        {
            using var drop = c.Command("DELETE FROM job_files WHERE job_id = $1", tx);
            drop.Parameters.AddWithValue(job.Id);
            drop.ExecuteNonQuery();
        }
        c.Commit(tx);
        return changed > 0;
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
            Text(7), Text(8), Text(9), Text(10), Text(11), r.GetInt32(12), Text(13));
    }
}
