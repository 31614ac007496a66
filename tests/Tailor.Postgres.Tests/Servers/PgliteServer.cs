using System.Diagnostics;
using System.Text;
using Tailor.Testing;

namespace Tailor.Postgres.Tests.Servers;

/// <summary>
/// PGlite (PostgreSQL 17 + pgvector 0.8 in WebAssembly, npm <c>@electric-sql/pglite</c> with
/// <c>@electric-sql/pglite-socket</c>, installed by <c>npm ci</c> in this project's <c>pglite/</c> folder), served on a
/// free port with <c>-e vector</c>. PGlite is one PostgreSQL session shared by whoever connects, so the tests use one
/// connection at a time. A server that cannot start fails the tests with the reason.
/// </summary>
public sealed class PgliteServer : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    public PgliteServer()
    {
        var folder = Path.Combine(RepoPaths.Root, "tests", "Tailor.Postgres.Tests", "pglite");
        var script = Path.Combine(folder, "node_modules", "@electric-sql", "pglite-socket", "dist", "scripts", "server.js");
        if (!File.Exists(script))
            throw new InvalidOperationException($"PGlite is not installed ({script} is missing); run `npm ci` in {folder} (.ci/run does).");
        Port = ServerProcess.FreePort();
        // a knowledge base reopened from its manifest (which records no password) finds PGlite's fixed password here
        Environment.SetEnvironmentVariable("PGPASSWORD", "postgres");
        var psi = new ProcessStartInfo("node") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { script, "-p", Port.ToString(), "-e", "vector" }) psi.ArgumentList.Add(a);
        try
        {
            _process = Process.Start(psi) ?? throw new InvalidOperationException("could not start node for PGlite");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException($"node is not installed ({ex.Message}); PGlite needs Node.js 18 or newer.", ex);
        }
        _process.OutputDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var clock = Stopwatch.StartNew();
        while (true) // "listening" is printed once the database is initialized (a TCP probe before that would take its one connection)
        {
            lock (_output) if (_output.ToString().Contains("listening", StringComparison.Ordinal)) break;
            if (_process.HasExited) throw new InvalidOperationException($"PGlite exited with {_process.ExitCode} before listening:\n{_output}");
            if (clock.Elapsed > TimeSpan.FromMinutes(2)) throw new InvalidOperationException($"PGlite did not listen on port {Port} within 2 minutes:\n{_output}");
            Thread.Sleep(100);
        }
    }

    public int Port { get; }

    /// <summary>The URL Tailor connects with: no TLS (PGlite's socket does not speak it), one pooled connection.</summary>
    public string Url => $"postgresql://postgres:postgres@127.0.0.1:{Port}/postgres?sslmode=disable&Maximum Pool Size=1&No Reset On Close=true&Write Buffer Size=65536";

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
        _process.Dispose();
    }
}
