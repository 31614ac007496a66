using System.Text.Json;
using Tailor.Testing;
using Tailor.Testing.Web;

namespace Tailor.Cli.Tests.Commands;

/// <summary>`tailor ingest URL` against a Kestrel server on 127.0.0.1: refused as loopback by default, ingested with --allow-private.</summary>
public sealed class IngestUrlCommandTests : IDisposable
{
    private readonly TempDirectory _temp = new("tailor-ingest-url");

    [Fact]
    public async Task A_loopback_url_is_refused_unless_private_addresses_are_allowed()
    {
        await using var server = await LocalWebServer.StartAsync();
        server.Page("/handbook", "<title>Handbook</title><h2 id=\"parking\">Parking</h2><p>Bicycles are parked in the courtyard shed.</p>");
        var url = new Uri(server.Root, "handbook").AbsoluteUri;
        var kb = _temp.File("kb");

        var refused = CliProcess.Run(["ingest", url, "--kb", kb, "--json"]);
        Assert.Equal(ExitCodes.PartialFailure, refused.ExitCode);
        var failure = Assert.Single(JsonDocument.Parse(refused.StdOut).RootElement.GetProperty("failures").EnumerateArray());
        Assert.Equal(url, failure.GetProperty("source").GetString());
        Assert.Contains("loopback address (127.0.0.1)", failure.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, server.Requests);
        Assert.False(Directory.Exists(kb), "a run that ingested nothing leaves no knowledge base behind");

        var allowed = CliProcess.Run(["ingest", url, "--kb", kb, "--json", "--allow-private"]);
        Assert.True(allowed.ExitCode == 0, allowed.StdOut + allowed.StdErr);
        Assert.Equal(1, JsonDocument.Parse(allowed.StdOut).RootElement.GetProperty("added").GetInt32());

        var search = CliProcess.Run(["search", "where are bicycles parked", "--kb", kb, "--json", "--mode", "lexical"]);
        Assert.True(search.ExitCode == 0, search.StdErr);
        var hit = JsonDocument.Parse(search.StdOut).RootElement.GetProperty("hits")[0];
        Assert.Equal(url + "#parking", hit.GetProperty("link").GetString());
    }

    public void Dispose() => _temp.Dispose();
}
