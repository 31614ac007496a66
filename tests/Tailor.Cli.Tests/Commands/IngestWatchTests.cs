using System.Text.Json;
using Tailor.Testing;

namespace Tailor.Cli.Tests.Commands;

/// <summary>`tailor ingest DIR --watch`: a running process keeps the knowledge base in step with the folder until it is stopped.</summary>
public sealed class IngestWatchTests : IDisposable
{
    private readonly TempDirectory _temp = new("tailor-ingest-watch");

    private static string ReadUntil(System.Diagnostics.Process p, Func<string, bool> done)
    {
        var read = Task.Run(() =>
        {
            string? line;
            var seen = new List<string>();
            while ((line = p.StandardOutput.ReadLine()) != null)
            {
                seen.Add(line);
                if (done(line)) return line;
            }
            throw new InvalidOperationException("the watcher ended early: " + string.Join(" / ", seen));
        });
        if (!read.Wait(TimeSpan.FromMinutes(2))) throw new TimeoutException("the watcher reported nothing in time");
        return read.Result;
    }

    private List<string> Search(string query)
    {
        var r = CliProcess.Run(["search", query, "--kb", _temp.File("kb"), "--json", "--mode", "lexical"]);
        Assert.True(r.ExitCode == 0, r.StdErr);
        return JsonDocument.Parse(r.StdOut).RootElement.GetProperty("hits").EnumerateArray().Select(h => h.GetProperty("document_id").GetString()!).ToList();
    }

    [Fact]
    public void Added_changed_and_deleted_files_are_followed_until_the_process_is_stopped()
    {
        _temp.Write("docs/first.md", "# First\n\nThe first note mentions aardvarks.\n");
        using var p = CliProcess.Start(["ingest", _temp.File("docs"), "--kb", _temp.File("kb"), "--watch"]);
        p.StandardInput.Close();
        _ = p.StandardError.ReadToEndAsync();
        try
        {
            ReadUntil(p, l => l.StartsWith("watching ", StringComparison.Ordinal));
            Assert.Equal(["first.md"], Search("aardvarks"));

            _temp.Write("docs/sub/second.md", "# Second\n\nThe second note mentions pangolins.\n");
            ReadUntil(p, l => l.StartsWith("1 added", StringComparison.Ordinal));
            Assert.Equal(["sub/second.md"], Search("pangolins"));

            _temp.Write("docs/first.md", "# First\n\nThe first note now mentions okapis instead.\n");
            ReadUntil(p, l => l.Contains("1 updated", StringComparison.Ordinal));
            Assert.Empty(Search("aardvarks"));
            Assert.Equal(["first.md"], Search("okapis"));

            File.Delete(_temp.File("docs/sub/second.md"));
            ReadUntil(p, l => l.Contains("1 removed", StringComparison.Ordinal));
            Assert.Empty(Search("pangolins"));
        }
        finally
        {
            p.Kill(entireProcessTree: true);
            p.WaitForExit();
        }
    }

    public void Dispose() => _temp.Dispose();
}
