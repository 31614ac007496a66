using Tailor.Server.Access;
using Tailor.Server.Hosting;
using Tailor.Testing;

namespace Tailor.Server.Tests.Hosting;

public sealed class ListenPolicyTests
{
    [Theory]
    [InlineData("http://127.0.0.1:8080", true)]
    [InlineData("http://localhost:8080", true)]
    [InlineData("http://[::1]:8080", true)]
    [InlineData("http://0.0.0.0:8080", false)]
    [InlineData("http://*:8080", false)]
    [InlineData("http://192.168.1.5:8080", false)]
    public void Loopback_addresses_are_told_from_others(string url, bool loopback) => Assert.Equal(loopback, ListenPolicy.IsLoopback(url));

    [Fact]
    public void Without_a_key_the_server_refuses_other_addresses_unless_insecure()
    {
        using var temp = new TempDirectory();
        var keys = new KeyStore(temp.Path);
        var options = new ServerOptions { KnowledgeBase = temp.Path, Urls = "http://127.0.0.1:0;http://0.0.0.0:0" };
        var refused = Assert.Throws<ServerException>(() => ListenPolicy.Check(options, keys));
        Assert.Contains("tailor keys create", refused.Message);
        Assert.Contains("insecure", ListenPolicy.Check(options with { Insecure = true }, keys));
        keys.Create("admin", KeyScope.Admin);
        Assert.Null(ListenPolicy.Check(options, keys));
        Assert.Null(ListenPolicy.Check(options with { Urls = "http://127.0.0.1:0" }, new KeyStore(Path.Combine(temp.Path, "none"))));
    }

    [Fact]
    public void Tailor_serve_refuses_to_start_on_every_address_without_a_key()
    {
        using var temp = new TempDirectory();
        var run = CliProcess.Run(["serve", "--kb", temp.Path, "--urls", "http://0.0.0.0:0"], timeout: TimeSpan.FromSeconds(60));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("tailor keys create", run.StdErr);
    }
}
