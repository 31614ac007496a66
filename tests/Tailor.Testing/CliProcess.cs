using System.Diagnostics;
using System.Text;

namespace Tailor.Testing;

/// <summary>Runs the real `tailor` CLI (the built tailor.dll beside the test assembly) as a child process.</summary>
public static class CliProcess
{
    public sealed record Result(int ExitCode, string StdOut, string StdErr);

    public static string TailorDll
    {
        get
        {
            var path = Path.Combine(AppContext.BaseDirectory, "tailor.dll");
            if (!File.Exists(path)) throw new InvalidOperationException("tailor.dll not found beside the tests: " + path);
            return path;
        }
    }

    /// <summary>A started (not awaited) CLI process with redirected output, for tests that kill it.</summary>
    public static Process Start(IEnumerable<string> args, string? workingDirectory = null, IDictionary<string, string?>? env = null)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        psi.ArgumentList.Add(TailorDll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["CI"] = "true"; // plain output, no progress bars
        psi.Environment["DOTNET_NOLOGO"] = "1";
        psi.Environment["TAILOR_TOKENIZER_OFFLINE"] = "1"; // tests never reach for the network
        psi.Environment["TAILOR_EMBEDDER"] = "builtin"; // new knowledge bases get the corpus-trained embedder unless a test chooses another
        if (env != null) foreach (var (k, v) in env) psi.Environment[k] = v;
        return Process.Start(psi) ?? throw new InvalidOperationException("could not start dotnet");
    }

    /// <summary>Runs the CLI to completion (killing it after <paramref name="timeout"/>, which fails the run).</summary>
    public static Result Run(IEnumerable<string> args, string? workingDirectory = null, IDictionary<string, string?>? env = null, TimeSpan? timeout = null, string? stdin = null)
    {
        using var p = Start(args, workingDirectory, env);
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (stdin != null) p.StandardInput.Write(stdin);
        p.StandardInput.Close();
        if (!p.WaitForExit(timeout ?? TimeSpan.FromMinutes(5)))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException("tailor " + string.Join(' ', args) + " did not finish in time");
        }
        p.WaitForExit();
        return new Result(p.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>
    /// Starts `tailor ingest` with <paramref name="args"/>, SIGKILLs it once it has reported <paramref name="killAfter"/>
    /// documents ("ok ID" lines), and returns every id it reported, the lines written before the kill included.
    /// </summary>
    public static (List<string> Reported, string StdErr) IngestAndKill(IEnumerable<string> args, int killAfter)
    {
        var reported = new List<string>();
        using var p = Start(args);
        p.StandardInput.Close();
        var stderr = p.StandardError.ReadToEndAsync();
        string? line;
        while ((line = p.StandardOutput.ReadLine()) != null)
        {
            if (line.StartsWith("ok ", StringComparison.Ordinal)) reported.Add(line[3..]);
            if (reported.Count >= killAfter)
            {
                p.Kill(); // SIGKILL on Unix
                break;
            }
        }
        p.WaitForExit();
        foreach (var l in p.StandardOutput.ReadToEnd().Split('\n'))
            if (l.StartsWith("ok ", StringComparison.Ordinal)) reported.Add(l[3..].TrimEnd('\r'));
        return (reported, stderr.Result);
    }
}
