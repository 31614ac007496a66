using System.Text.Json;
using Tailor.Testing;

namespace Tailor.Cli.Tests.Commands;

public sealed class ChatCommandTests : IDisposable
{
    private readonly TempDirectory _temp = new("tailor-chat-cli");

    private string Kb => _temp.File("kb");

    private static readonly Dictionary<string, string?> NoModel = new()
    {
        ["OPENAI_BASE_URL"] = null, ["OPENAI_API_KEY"] = null, ["TAILOR_CHAT_MODEL"] = null, ["TAILOR_CONFIG"] = null,
        ["AZURE_OPENAI_ENDPOINT"] = null, ["TAILOR_RERANK_URL"] = null,
    };

    private void Ingest()
    {
        _temp.Write("docs/employees.md", "# Employees\n\nEmployees get 25 vacation days per year.\n");
        _temp.Write("docs/kitchen.md", "# Kitchen\n\nThe kitchen closes at six in the evening.\n");
        Assert.Equal(0, CliProcess.Run(["ingest", _temp.File("docs"), "--kb", Kb]).ExitCode);
    }

    private Dictionary<string, string?> Env() => new(NoModel) { ["XDG_CONFIG_HOME"] = _temp.Path };

    [Fact]
    public void Without_a_chat_model_chat_refuses_and_names_the_settings()
    {
        Ingest();
        var r = CliProcess.Run(["chat", "--kb", Kb], env: Env(), stdin: "hello\n");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("TAILOR_CHAT_MODEL", r.StdErr);
        Assert.Contains("--offline", r.StdErr);
    }

    [Fact]
    public void Offline_chat_answers_each_line_and_the_session_continues_in_the_next_process()
    {
        Ingest();
        var first = CliProcess.Run(["chat", "--kb", Kb, "--offline", "--session", "hr", "--json"], env: Env(),
            stdin: "How many vacation days do employees get?\n\n/sources\nWhen does the kitchen close?\n");
        Assert.True(first.ExitCode == 0, first.StdErr);
        var lines = first.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
        Assert.Equal(3, lines.Count);
        Assert.Contains("25 vacation days", lines[0].GetProperty("answer").GetString());
        Assert.Equal("employees.md", lines[0].GetProperty("citations")[0].GetProperty("document_id").GetString());
        Assert.Equal("extractive", lines[0].GetProperty("model").GetString());
        Assert.Equal("sources", lines[1].GetProperty("command").GetString());
        Assert.Equal("employees.md", lines[1].GetProperty("sources")[0].GetProperty("document_id").GetString());
        Assert.Contains("six", lines[2].GetProperty("answer").GetString());
        Assert.Equal(2, lines[2].GetProperty("history_messages").GetInt32());

        var show = CliProcess.Run(["sessions", "show", "hr", "--kb", Kb, "--json"]);
        Assert.True(show.ExitCode == 0, show.StdErr);
        var messages = JsonDocument.Parse(show.StdOut).RootElement.GetProperty("messages");
        Assert.Equal(4, messages.GetArrayLength());
        Assert.Equal("kitchen.md", messages[3].GetProperty("citations")[0].GetProperty("document_id").GetString());

        var second = CliProcess.Run(["chat", "--kb", Kb, "--offline", "--session", "hr"], env: Env(), stdin: "/reset\n/exit\nnot reached\n");
        Assert.True(second.ExitCode == 0, second.StdErr);
        Assert.Contains("Forgot 4 messages of session \"hr\"", second.StdOut);
        Assert.DoesNotContain("not reached", second.StdOut);

        var list = JsonDocument.Parse(CliProcess.Run(["sessions", "list", "--kb", Kb, "--json"]).StdOut).RootElement;
        Assert.Equal(0, list.GetProperty("sessions")[0].GetProperty("messages").GetInt32());
        Assert.Equal(0, CliProcess.Run(["sessions", "delete", "hr", "--kb", Kb]).ExitCode);
        Assert.Equal(2, CliProcess.Run(["sessions", "show", "hr", "--kb", Kb]).ExitCode);
    }

    public void Dispose() => _temp.Dispose();
}
