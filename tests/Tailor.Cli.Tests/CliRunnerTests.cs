using System.CommandLine;
using System.Text.Json;
using Tailor.Storage;
using Tailor.Testing;

namespace Tailor.Cli.Tests;

/// <summary>
/// What every command shares through the runner: unknown options refused before anything is written,
/// the documented exit code for each kind of failure, and errors as JSON with --json.
/// </summary>
public sealed class CliRunnerTests : IClassFixture<CliRunnerTests.SampleKb>, IDisposable
{
    private readonly SampleKb _kb;
    private readonly TempDirectory _temp = new("tailor-cli-runner");

    public CliRunnerTests(SampleKb kb) => _kb = kb;

    /// <summary>A small knowledge base the tests read, and check is not written to.</summary>
    public sealed class SampleKb : IDisposable
    {
        private readonly TempDirectory _temp = new("tailor-cli-runner-kb");

        public SampleKb()
        {
            for (int i = 0; i < 10; i++)
                _temp.Write($"docs/d{i}.md", $"# Note {i}\n\nThe heron {i} nests by the river and the otter swims past the mill {i}.\n");
            Path = _temp.File("kb");
            var r = CliProcess.Run(["ingest", _temp.File("docs"), "--kb", Path]);
            if (r.ExitCode != 0) throw new InvalidOperationException(r.StdErr);
        }

        public string Path { get; }

        public void Dispose() => _temp.Dispose();
    }

    /// <summary>Every file of a folder with its size and modification time.</summary>
    private static List<string> Fingerprint(string folder) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(f => $"{f} {new FileInfo(f).Length} {File.GetLastWriteTimeUtc(f):O}").ToList();

    /// <summary>Every leaf command: its path, and the arguments that would satisfy its required arguments and options.</summary>
    public static TheoryData<string> Commands()
    {
        var data = new TheoryData<string>();
        void Walk(Command command, string path)
        {
            if (command.Subcommands.Count == 0) data.Add(path);
            foreach (var sub in command.Subcommands) Walk(sub, path + " " + sub.Name);
        }
        foreach (var top in CliApp.CreateRoot().Subcommands) Walk(top, top.Name);
        return data;
    }

    private static Command Find(string path)
    {
        Command command = CliApp.CreateRoot();
        foreach (var name in path.Split(' ')) command = command.Subcommands.Single(c => c.Name == name);
        return command;
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void An_unknown_option_is_refused_before_the_command_does_anything(string path)
    {
        var command = Find(path);
        var args = new List<string>(path.Split(' '));
        var input = _temp.Write("input.md", "# Input\n\nThe kingfisher dives.\n");
        foreach (var argument in command.Arguments)
            for (int i = 0; i < Math.Max(1, argument.Arity.MinimumNumberOfValues); i++) args.Add(input);
        foreach (var option in command.Options.Where(o => o.Required)) args.AddRange([option.Name, input]);
        bool hasKb = command.Options.Any(o => o.Name == "--kb");
        if (hasKb) args.AddRange(["--kb", _kb.Path]);
        args.Add("--no-such-option");
        var before = Fingerprint(_kb.Path);

        var r = CliProcess.Run(args, workingDirectory: _temp.Path);

        Assert.True(r.ExitCode == 2, $"tailor {string.Join(' ', args)} exited {r.ExitCode}: {r.StdOut}{r.StdErr}");
        Assert.Contains("'--no-such-option'", r.StdErr);
        Assert.Contains($"tailor {path} --help", r.StdErr);
        Assert.Equal(before, Fingerprint(_kb.Path));
        Assert.False(Directory.Exists(_temp.File(".tailor")), "a default knowledge base was created");
    }

    [Fact]
    public void Ingest_with_an_option_it_does_not_have_creates_nothing_and_ingests_nothing()
    {
        var file = _temp.Write("one.md", "# One\n\nA single note.\n");
        var unrelated = _temp.Write("unrelated/many.md", "# Unrelated\n\nNot to be ingested.\n");
        var kb = _temp.File("new-kb");

        var r = CliProcess.Run(["ingest", file, "--kb", kb, "--vocab-dir", Path.GetDirectoryName(unrelated)!]);

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("unknown option '--vocab-dir'", r.StdErr);
        Assert.DoesNotContain("ok ", r.StdOut);
        Assert.False(Directory.Exists(kb), "the knowledge base was created");

        // after --, a value that looks like an option is a path
        var dashed = _temp.Write("-dashed.md", "# Dashed\n\nA file whose name starts with a dash.\n");
        var ok = CliProcess.Run(["ingest", "--kb", kb, "--json", "--", Path.GetFileName(dashed)], workingDirectory: _temp.Path);
        Assert.True(ok.ExitCode == 0, ok.StdErr);
        Assert.Equal(1, JsonDocument.Parse(ok.StdOut).RootElement.GetProperty("added").GetInt32());
    }

    [Fact]
    public void Usage_errors_exit_2_and_with_json_are_written_as_a_JSON_error()
    {
        var missingArgument = CliProcess.Run(["search", "--kb", _kb.Path, "--json"]);
        Assert.Equal(2, missingArgument.ExitCode);
        var error = JsonDocument.Parse(missingArgument.StdOut).RootElement.GetProperty("error");
        Assert.Equal("usage", error.GetProperty("code").GetString());
        Assert.Equal(2, error.GetProperty("exit_code").GetInt32());
        Assert.Contains("QUERY", error.GetProperty("message").GetString());

        var emptyQuestion = CliProcess.Run(["ask", "  ", "--kb", _kb.Path]);
        Assert.Equal(2, emptyQuestion.ExitCode);
        Assert.Contains("the question is empty", emptyQuestion.StdErr);

        var badValue = CliProcess.Run(["search", "heron", "--kb", _kb.Path, "--mode", "fuzzy"]);
        Assert.Equal(2, badValue.ExitCode);
    }

    [Fact]
    public void Not_found_exits_2_with_a_JSON_error_naming_what_is_missing()
    {
        var show = CliProcess.Run(["docs", "show", "no-such-doc.md", "--kb", _kb.Path, "--json"]);
        Assert.Equal(2, show.ExitCode);
        var error = JsonDocument.Parse(show.StdOut).RootElement.GetProperty("error");
        Assert.Equal("not_found", error.GetProperty("code").GetString());
        Assert.Contains("no-such-doc.md", error.GetProperty("message").GetString());
        Assert.Contains("no-such-doc.md", show.StdErr);

        var noKb = CliProcess.Run(["search", "heron", "--kb", _temp.File("nothing-here"), "--json"]);
        Assert.Equal(2, noKb.ExitCode);
        Assert.Equal("not_found", JsonDocument.Parse(noKb.StdOut).RootElement.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public void A_knowledge_base_another_process_writes_to_is_busy_exit_4()
    {
        using var writer = WriterLock.Acquire(_kb.Path, TimeSpan.FromSeconds(5));
        var r = CliProcess.Run(["docs", "delete", "d1.md", "--kb", _kb.Path, "--json"]);
        Assert.Equal(4, r.ExitCode);
        Assert.Equal("busy", JsonDocument.Parse(r.StdOut).RootElement.GetProperty("error").GetProperty("code").GetString());
        Assert.Contains("another Tailor process", r.StdErr);
    }

    [Fact]
    public void An_unreachable_model_server_is_an_upstream_failure_exit_5()
    {
        var (holder, port) = LocalPorts.Refusing();
        using var _ = holder;
        var config = _temp.Write("config.json", "{ \"openai\": { \"maxRetries\": 0, \"timeoutSeconds\": 60 } }");
        var env = new Dictionary<string, string?>
        {
            ["TAILOR_CONFIG"] = config,
            ["OPENAI_BASE_URL"] = $"http://127.0.0.1:{port}/v1/",
            ["TAILOR_CHAT_MODEL"] = "test-model",
            ["OPENAI_API_KEY"] = "",
            ["AZURE_OPENAI_ENDPOINT"] = "",
        };
        var r = CliProcess.Run(["ask", "Where does the heron nest?", "--kb", _kb.Path, "--json"], env: env);
        Assert.Equal(5, r.ExitCode);
        var error = JsonDocument.Parse(r.StdOut).RootElement.GetProperty("error");
        Assert.Equal("upstream", error.GetProperty("code").GetString());
        Assert.Contains("cannot reach", error.GetProperty("message").GetString());
    }

    [Fact]
    public void Success_is_0_and_a_partial_ingest_is_1()
    {
        Assert.Equal(0, CliProcess.Run(["search", "heron", "--kb", _kb.Path]).ExitCode);
        _temp.Write("mixed/good.md", "# Good\n\nThe wren sings.\n");
        File.WriteAllBytes(_temp.File("mixed/bad.txt"), [0x7f, 0x45, 0x4c, 0x46, 0, 0, 0, 1, 2, 3]);
        var r = CliProcess.Run(["ingest", _temp.File("mixed"), "--kb", _temp.File("mixed-kb")]);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("1 added", r.StdOut);
    }

    public void Dispose() => _temp.Dispose();
}
