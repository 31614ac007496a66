using System.Diagnostics;

namespace Tailor.Postgres.Tests.Servers;

/// <summary>
/// Debian's PostgreSQL 15 (no pgvector), started for the test run: initdb into a temporary folder and pg_ctl start on
/// a free port on 127.0.0.1. initdb refuses to run as root, so as root it runs as the unprivileged <c>postgres</c>
/// user (runuser). A server that cannot start fails the tests with the reason.
/// </summary>
public sealed class NativePostgres : IDisposable
{
    public const string BinDirectory = "/usr/lib/postgresql/15/bin";
    private readonly string _root;
    private readonly string _data;
    private readonly bool _asPostgresUser;
    private int _databases;

    public NativePostgres()
    {
        if (!File.Exists(Path.Combine(BinDirectory, "initdb")))
            throw new InvalidOperationException($"PostgreSQL 15 is not installed ({BinDirectory}/initdb is missing); install it with `apt-get install -y postgresql-15` (.ci/run does).");
        _asPostgresUser = Environment.UserName == "root";
        _root = Path.Combine(Path.GetTempPath(), "tailor-pg-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(_root);
        _data = Path.Combine(_root, "data");
        if (_asPostgresUser) ServerProcess.Run("chown", ["postgres", _root], TimeSpan.FromSeconds(10), "chown the PostgreSQL test folder");
        Port = ServerProcess.FreePort();
        Pg("initdb", ["-D", _data, "-U", "tailor", "--auth=trust", "-E", "UTF8", "--no-sync"], TimeSpan.FromMinutes(2));
        Pg("pg_ctl", ["-D", _data, "-l", Path.Combine(_root, "server.log"), "-w", "-t", "60",
            "-o", $"-p {Port} -k {_root} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=50", "start"], TimeSpan.FromMinutes(2));
    }

    public int Port { get; }

    /// <summary>A URL of the server's default database.</summary>
    public string Url(string database = "postgres") => $"postgresql://tailor@127.0.0.1:{Port}/{database}";

    /// <summary>A new, empty database, and its URL.</summary>
    public string CreateDatabase()
    {
        var name = $"t{Interlocked.Increment(ref _databases)}_{Guid.NewGuid().ToString("N")[..6]}";
        using var source = Npgsql.NpgsqlDataSource.Create($"Host=127.0.0.1;Port={Port};Username=tailor;Database=postgres");
        using var cmd = source.CreateCommand($"CREATE DATABASE {name}");
        cmd.ExecuteNonQuery();
        return Url(name);
    }

    /// <summary>Stops the server (fast shutdown) and starts it again on the same port, as an operator's restart does.</summary>
    public void Restart()
    {
        // -l: the restarted server writes to the log, not to pg_ctl's output (which this process reads to its end)
        Pg("pg_ctl", ["-D", _data, "-l", Path.Combine(_root, "server.log"), "-m", "fast", "-w", "restart", "-o", $"-p {Port} -k {_root} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=50"], TimeSpan.FromMinutes(2));
    }

    /// <summary>Stops the server (fast shutdown: clients are disconnected), as an operator's stop or a crash of the database does.</summary>
    public void Stop() => Pg("pg_ctl", ["-D", _data, "-m", "fast", "-w", "stop"], TimeSpan.FromMinutes(1));

    /// <summary>Starts the stopped server again on the same port.</summary>
    public void Start() => Pg("pg_ctl", ["-D", _data, "-l", Path.Combine(_root, "server.log"), "-w", "-t", "60",
        "-o", $"-p {Port} -k {_root} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=50", "start"], TimeSpan.FromMinutes(2));

    private void Pg(string tool, string[] args, TimeSpan timeout)
    {
        var exe = Path.Combine(BinDirectory, tool);
        if (_asPostgresUser) ServerProcess.Run("runuser", ["-u", "postgres", "--", exe, .. args], timeout, $"PostgreSQL {tool}");
        else ServerProcess.Run(exe, args, timeout, $"PostgreSQL {tool}");
    }

    public void Dispose()
    {
        try { Pg("pg_ctl", ["-D", _data, "-m", "immediate", "-w", "stop"], TimeSpan.FromMinutes(1)); }
        catch (InvalidOperationException) { /* already stopped */ }
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
