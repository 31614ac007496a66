using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Tailor.Testing;

/// <summary>
/// `tailor serve` as a real child process on 127.0.0.1 (a free port), ready once /readyz answers 200; killed with
/// SIGKILL by tests that crash it.
/// </summary>
public static partial class ServeProcess
{
    /// <summary>Starts `tailor serve --urls http://127.0.0.1:0` with <paramref name="args"/> and waits (bounded) until it is ready.</summary>
    public static Process Start(IEnumerable<string> args, out Uri address)
    {
        var process = CliProcess.Start(["serve", "--urls", "http://127.0.0.1:0", .. args]);
        _ = process.StandardOutput.ReadToEndAsync();
        var seen = new System.Text.StringBuilder();
        while (process.StandardError.ReadLine() is { } line)
        {
            seen.AppendLine(line);
            if (ServingOn().Match(line) is not { Success: true } m) continue;
            address = new Uri(m.Groups[1].Value + "/");
            _ = process.StandardError.ReadToEndAsync();
            using var client = new HttpClient { BaseAddress = address };
            for (int i = 0; i < 1200; i++) // the knowledge base opens in the background: /readyz says when
            {
                using var ready = client.GetAsync("readyz").GetAwaiter().GetResult();
                if (ready.IsSuccessStatusCode) return process;
                Thread.Sleep(50);
            }
            process.Kill();
            throw new InvalidOperationException("tailor serve did not become ready");
        }
        throw new InvalidOperationException("tailor serve did not start:\n" + seen);
    }

    [GeneratedRegex(@"serving on (http://127\.0\.0\.1:\d+)")]
    private static partial Regex ServingOn();
}
