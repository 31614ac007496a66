using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Tailor.Postgres.Tests.Servers;

/// <summary>Starting the database servers the tests run against: free ports, child processes, their output for failure messages.</summary>
internal static class ServerProcess
{
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Runs a program to completion; throws with its output when it fails.</summary>
    public static string Run(string file, IEnumerable<string> args, TimeSpan timeout, string what)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"{what}: could not start {file}");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(timeout))
        {
            p.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{what}: {file} did not finish within {timeout.TotalSeconds} s");
        }
        // a server it started may hold its output open: wait for the output only briefly
        if (!Task.WaitAll([stdout, stderr], TimeSpan.FromSeconds(10)))
            return p.ExitCode == 0 ? "" : throw new InvalidOperationException($"{what}: {file} exited with {p.ExitCode}");
        if (p.ExitCode != 0) throw new InvalidOperationException($"{what}: {file} {string.Join(' ', psi.ArgumentList)} exited with {p.ExitCode}:\n{stdout.Result}\n{stderr.Result}");
        return stdout.Result + stderr.Result;
    }

    /// <summary>Waits until something accepts TCP connections on the port, or the process exits (then throws with its output).</summary>
    public static void WaitForPort(int port, Process? process, StringBuilder output, TimeSpan timeout, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (process is { HasExited: true })
                throw new InvalidOperationException($"{what} exited with {process.ExitCode} before it listened on port {port}:\n{output}");
            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                Thread.Sleep(200);
            }
        }
        throw new InvalidOperationException($"{what} did not listen on port {port} within {timeout.TotalSeconds} s:\n{output}");
    }
}
