using System.Text.Json;
using Tailor.Testing;

namespace Tailor.Cli.Tests.Commands;

public sealed class TokensCommandTests
{
    private static Dictionary<string, string?> Vocab => new() { ["TAILOR_TOKENIZER_DIR"] = RepoPaths.Tokenizers, ["TAILOR_TOKENIZER_OFFLINE"] = "1" };

    [Fact]
    public void Counts_standard_input_with_ids_and_cost()
    {
        var r = CliProcess.Run(["tokens", "-", "--model", "gpt-4o", "--ids", "--json"], env: Vocab, stdin: "Hello, world!");
        Assert.True(r.ExitCode == 0, r.StdErr);
        var json = JsonDocument.Parse(r.StdOut).RootElement;
        Assert.Equal("o200k_base", json.GetProperty("encoding").GetString());
        Assert.Equal(4, json.GetProperty("count").GetInt32());
        Assert.Equal([13225, 11, 2375, 0], json.GetProperty("tokens").EnumerateArray().Select(t => t.GetInt32()));
        Assert.True(json.GetProperty("estimated_cost_usd").GetDouble() > 0);
    }

    [Fact]
    public void Counts_exactly_with_no_vocabulary_folder_and_no_network()
    {
        using var empty = new TempDirectory();
        var env = new Dictionary<string, string?> { ["TAILOR_TOKENIZER_DIR"] = empty.Path, ["TAILOR_TOKENIZER_OFFLINE"] = "1", ["XDG_CACHE_HOME"] = empty.Path };
        foreach (var encoding in new[] { "cl100k_base", "o200k_base" })
        {
            var bundled = CliProcess.Run(["tokens", "-", "--encoding", encoding, "--ids", "--json"], env: env, stdin: "Exact counts, offline: 12,345 tokens.");
            var shared = CliProcess.Run(["tokens", "-", "--encoding", encoding, "--ids", "--json"], env: Vocab, stdin: "Exact counts, offline: 12,345 tokens.");
            Assert.True(bundled.ExitCode == 0, bundled.StdErr);
            Assert.Equal(shared.StdOut, bundled.StdOut);
            Assert.DoesNotContain("estimated", bundled.StdErr);
        }
    }

    [Fact]
    public void An_unknown_encoding_is_a_clear_error_not_a_guess()
    {
        var r = CliProcess.Run(["tokens", "-", "--encoding", "o300k_base"], env: Vocab, stdin: "text");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("o300k_base", r.StdErr);
        Assert.Equal("", r.StdOut.Trim());
    }
}
