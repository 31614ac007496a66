using System.Text.Json;
using Tailor.Testing;

namespace Tailor.Cli.Tests.Commands;

/// <summary>A PostgreSQL knowledge base whose server cannot be reached: the CLI says which database and what to do, never a driver stack trace.</summary>
public sealed class DatabaseFailureTests : IDisposable
{
    private readonly TempDirectory _temp = new("tailor-db-failure");

    [Fact]
    public void Ingest_into_an_unreachable_database_names_it_without_the_password_and_exits_as_upstream()
    {
        var (holder, port) = LocalPorts.Refusing();
        using (holder)
        {
            var docs = _temp.Write("docs/a.md", "# A\n\nSome text.\n");
            var r = CliProcess.Run(["ingest", docs, "--kb", _temp.File("kb"), "--database", $"postgresql://tailor:s3cret-pw@127.0.0.1:{port}/kbdb", "--json"]);

            Assert.Equal(5, r.ExitCode); // upstream
            Assert.Contains($"127.0.0.1:{port}/kbdb", r.StdErr, StringComparison.Ordinal);
            Assert.Contains("check that the PostgreSQL server runs", r.StdErr, StringComparison.Ordinal);
            Assert.DoesNotContain("s3cret-pw", r.StdErr + r.StdOut, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", r.StdErr + r.StdOut, StringComparison.Ordinal);
            Assert.DoesNotContain("Unhandled exception", r.StdErr, StringComparison.Ordinal);
            var error = JsonDocument.Parse(r.StdOut).RootElement.GetProperty("error");
            Assert.Equal("upstream", error.GetProperty("code").GetString());
        }
    }

    public void Dispose() => _temp.Dispose();
}
