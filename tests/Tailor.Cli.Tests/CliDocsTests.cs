using System.CommandLine;
using System.Text.Json;
using System.Text.RegularExpressions;
using Tailor.Testing;

namespace Tailor.Cli.Tests;

/// <summary>
/// docs/CLI.md against the real command line: every command and its options as its <c>--help</c>
/// reports them, the exit codes every <c>--help</c> ends with, and the JSON shapes the commands write.
/// </summary>
public sealed partial class CliDocsTests : IDisposable
{
    private readonly TempDirectory _temp = new("tailor-cli-docs");

    private static string Doc => File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "CLI.md"));

    /// <summary>The help text of `tailor PATH --help`, produced in-process by the real command tree.</summary>
    private static string Help(IReadOnlyList<string> path)
    {
        var output = new StringWriter();
        int code = CliApp.CreateRoot().Parse([.. path, "--help"]).Invoke(new InvocationConfiguration { Output = output, Error = output });
        Assert.Equal(0, code);
        return output.ToString();
    }

    /// <summary>Every leaf command of the tree, as its path of names.</summary>
    private static List<string[]> LeafCommands()
    {
        var leaves = new List<string[]>();
        void Walk(Command command, string[] path)
        {
            if (command.Subcommands.Count == 0) leaves.Add(path);
            foreach (var sub in command.Subcommands) Walk(sub, [.. path, sub.Name]);
        }
        foreach (var top in CliApp.CreateRoot().Subcommands) Walk(top, [top.Name]);
        return leaves;
    }

    /// <summary>The options a help text lists (aliases as written, value placeholders removed), without --help.</summary>
    private static SortedSet<string> HelpOptions(string help)
    {
        var options = new SortedSet<string>(StringComparer.Ordinal);
        bool inOptions = false;
        foreach (var line in help.Split('\n').Select(l => l.TrimEnd('\r')))
        {
            if (line == "Options:") { inOptions = true; continue; }
            if (!inOptions) continue;
            if (line.Length == 0) break;
            var m = OptionLine().Match(line);
            if (!m.Success) continue; // a wrapped description
            var name = Placeholder().Replace(m.Groups[1].Value, "").Trim();
            if (name != "-?, -h, --help") options.Add(name);
        }
        return options;
    }

    /// <summary>The rows of the commands table: "ingest" → its documented options.</summary>
    private static Dictionary<string, SortedSet<string>> DocumentedCommands()
    {
        var rows = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var line in Doc.Split('\n'))
        {
            var m = CommandRow().Match(line);
            if (!m.Success) continue;
            var options = new SortedSet<string>(Backticked().Matches(m.Groups[2].Value).Select(b => b.Groups[1].Value), StringComparer.Ordinal);
            Assert.True(rows.TryAdd(m.Groups[1].Value, options), $"docs/CLI.md lists `tailor {m.Groups[1].Value}` twice");
        }
        return rows;
    }

    [Fact]
    public void The_commands_table_lists_every_command_with_the_options_its_help_reports()
    {
        var documented = DocumentedCommands();
        var leaves = LeafCommands();
        Assert.True(leaves.Count > 20, $"only {leaves.Count} commands found");
        foreach (var path in leaves)
        {
            var name = string.Join(' ', path);
            Assert.True(documented.TryGetValue(name, out var options), $"docs/CLI.md has no row for `tailor {name}`");
            var reported = HelpOptions(Help(path));
            Assert.True(reported.SetEquals(options!),
                $"`tailor {name}`: --help lists [{string.Join(", ", reported)}] but docs/CLI.md lists [{string.Join(", ", options!)}]");
        }
        var extra = documented.Keys.Except(leaves.Select(p => string.Join(' ', p))).ToList();
        Assert.True(extra.Count == 0, $"docs/CLI.md documents commands that do not exist: {string.Join(", ", extra)}");
    }

    [Fact]
    public void Every_help_ends_with_the_documented_exit_codes()
    {
        var table = Doc.Split('\n').Select(l => ExitCodeRow().Match(l)).Where(m => m.Success)
            .Select(m => (Code: int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), Meaning: m.Groups[3].Value.Trim())).ToList();
        Assert.Equal([0, 1, 2, 3, 4, 5, 130], table.Select(r => r.Code));
        foreach (var path in LeafCommands().Append([]))
        {
            var help = Help(path);
            int at = help.IndexOf("Exit codes:", StringComparison.Ordinal);
            Assert.True(at >= 0, $"`tailor {string.Join(' ', path)} --help` does not list the exit codes");
            var listed = help[at..].Split('\n').Skip(1).Select(l => HelpExitCode().Match(l.TrimEnd('\r'))).Where(m => m.Success)
                .Select(m => (Code: int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), Meaning: m.Groups[2].Value.Trim())).ToList();
            Assert.Equal(table, listed);
        }
    }

    [Fact]
    public void The_search_ask_and_chat_commands_share_one_set_of_retrieval_options()
    {
        string[] retrieval = ["-k, --top", "--mode", "--tag", "--source", "--after", "--before", "--mmr", "--rerank", "--rerank-depth"];
        foreach (var command in new[] { "search", "ask", "chat" })
        {
            var options = HelpOptions(Help([command]));
            foreach (var option in retrieval) Assert.True(options.Contains(option), $"`tailor {command}` lacks {option}");
        }
    }

    /// <summary>The documented JSON examples, by the command in their heading.</summary>
    private static Dictionary<string, JsonElement> DocumentedShapes()
    {
        var shapes = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (Match m in JsonBlock().Matches(Doc))
            shapes[m.Groups[1].Value] = JsonDocument.Parse(m.Groups[2].Value).RootElement.Clone();
        return shapes;
    }

    /// <summary>
    /// Every field the command wrote is documented, and every documented field whose example is not
    /// null was written (objects recursively; arrays by their first elements).
    /// </summary>
    private static void AssertSameShape(JsonElement documented, JsonElement actual, string where)
    {
        if (documented.ValueKind == JsonValueKind.Null || actual.ValueKind == JsonValueKind.Null) return;
        if (documented.ValueKind == JsonValueKind.Object)
        {
            Assert.True(actual.ValueKind == JsonValueKind.Object, $"{where}: expected an object, got {actual.ValueKind}");
            var doc = documented.EnumerateObject().ToDictionary(p => p.Name, p => p.Value);
            foreach (var field in actual.EnumerateObject())
            {
                Assert.True(doc.ContainsKey(field.Name), $"{where}.{field.Name} is written but not documented in docs/CLI.md");
                AssertSameShape(doc[field.Name], field.Value, $"{where}.{field.Name}");
            }
            var written = actual.EnumerateObject().Select(p => p.Name).ToHashSet();
            foreach (var (name, value) in doc)
                Assert.True(value.ValueKind == JsonValueKind.Null || written.Contains(name), $"{where}.{name} is documented but not written");
        }
        else if (documented.ValueKind == JsonValueKind.Array)
        {
            Assert.True(actual.ValueKind == JsonValueKind.Array, $"{where}: expected an array, got {actual.ValueKind}");
            if (documented.GetArrayLength() > 0 && actual.GetArrayLength() > 0) AssertSameShape(documented[0], actual[0], where + "[0]");
        }
        else
        {
            bool bothNumbers = documented.ValueKind == JsonValueKind.Number && actual.ValueKind == JsonValueKind.Number;
            bool bothBooleans = documented.ValueKind is JsonValueKind.True or JsonValueKind.False && actual.ValueKind is JsonValueKind.True or JsonValueKind.False;
            Assert.True(bothNumbers || bothBooleans || documented.ValueKind == actual.ValueKind, $"{where}: documented as {documented.ValueKind}, written as {actual.ValueKind}");
        }
    }

    private JsonElement Run(int expectedExit, params string[] args)
    {
        var r = CliProcess.Run(args);
        Assert.True(r.ExitCode == expectedExit, $"tailor {string.Join(' ', args)} exited {r.ExitCode}: {r.StdErr}");
        return JsonDocument.Parse(r.StdOut).RootElement.Clone();
    }

    [Fact]
    public void The_documented_JSON_shapes_are_what_the_commands_write()
    {
        var kb = _temp.File("kb");
        var handbook = Path.Combine(RepoPaths.Samples, "quickstart", "handbook");
        _temp.Write("extra/photo.txt", "\u0001\u0002\u0003\u0004\u0005\u0006binary\u0000junk");
        _temp.Write("extra/empty.md", "");
        var written = new Dictionary<string, JsonElement>
        {
            ["tailor ingest PATH --json"] = Run(1, "ingest", handbook, _temp.File("extra"), "--kb", kb, "--json"),
            ["tailor search QUERY --json"] = Run(0, "search", "vacation days", "--kb", kb, "--json", "--explain"),
            ["tailor ask QUESTION --json"] = Run(0, "ask", "How many vacation days do contractors get?", "--kb", kb, "--json"),
            ["tailor docs list --json"] = Run(0, "docs", "list", "--kb", kb, "--json"),
            ["tailor docs show ID --json"] = Run(0, "docs", "show", "vacation.md", "--kb", kb, "--json"),
            ["tailor check --json"] = Run(0, "check", "--kb", kb, "--json"),
            ["tailor docs delete ID... --json"] = Run(2, "docs", "delete", "holidays.md", "no-such-document", "--kb", kb, "--json"),
            ["Errors (any command with `--json`)"] = Run(2, "docs", "show", "no-such-document", "--kb", kb, "--json"),
        };
        var documented = DocumentedShapes();
        Assert.Equal(written.Keys.Order(StringComparer.Ordinal), documented.Keys.Order(StringComparer.Ordinal));
        foreach (var (heading, actual) in written) AssertSameShape(documented[heading], actual, heading);
    }

    [GeneratedRegex(@"^  (-\S.*?)(?:\s{2,}|$)")]
    private static partial Regex OptionLine();

    [GeneratedRegex(@"\s*<[^>]*>")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"^\| `tailor ([a-z\- ]+)` \|[^|]*\|([^|]*)\|")]
    private static partial Regex CommandRow();

    [GeneratedRegex(@"`([^`]+)`")]
    private static partial Regex Backticked();

    [GeneratedRegex(@"^\| (\d+) \| ([a-z_]+) \| (.+) \|\s*$")]
    private static partial Regex ExitCodeRow();

    [GeneratedRegex(@"^  (\d+)\s+(.+)$")]
    private static partial Regex HelpExitCode();

    [GeneratedRegex(@"^### `?(.+?)`?[ \t]*\n```json\n(.*?)\n```", RegexOptions.Singleline | RegexOptions.Multiline)]
    private static partial Regex JsonBlock();

    public void Dispose() => _temp.Dispose();
}
