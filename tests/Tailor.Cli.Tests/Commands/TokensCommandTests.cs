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
    public void Missing_vocabulary_is_a_clear_error_not_a_guess()
    {
        using var empty = new TempDirectory();
        var env = new Dictionary<string, string?> { ["TAILOR_TOKENIZER_DIR"] = empty.Path, ["TAILOR_TOKENIZER_OFFLINE"] = "1", ["XDG_CACHE_HOME"] = empty.Path };
        var r = CliProcess.Run(["tokens", "-", "--encoding", "cl100k_base"], env: env, stdin: "text");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("cl100k_base", r.StdErr);
        Assert.Equal("", r.StdOut.Trim());
    }
}
