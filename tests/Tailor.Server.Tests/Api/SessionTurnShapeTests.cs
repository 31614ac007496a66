using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tailor.Testing;

using Tailor.Server.Tests.Http;

namespace Tailor.Server.Tests.Api;

/// <summary>A session turn has one JSON shape in every host: the server's turn and a line of `tailor chat --json`, nulls included.</summary>
public sealed class SessionTurnShapeTests
{
    [Fact]
    public async Task A_server_session_turn_and_a_tailor_chat_json_line_have_the_same_fields_and_values()
    {
        await using var server = await ServerHarness.StartAsync();
        await server.WaitJobAsync(await server.UploadAsync(ServerHarness.Handbook()));
        const string Question = "How long may I work remotely?";

        using var turn = await server.Client.PostAsJsonAsync("api/kbs/handbook/sessions/web/turns", new { question = Question });
        Assert.Equal(HttpStatusCode.OK, turn.StatusCode);
        var web = JsonNode.Parse(await turn.Content.ReadAsStringAsync())!.AsObject();

        var chat = CliProcess.Run(["chat", "--kb", server.KbDirectory, "--offline", "--session", "cli", "--json"], stdin: Question + "\n");
        Assert.True(chat.ExitCode == 0, chat.StdErr);
        var cli = AsServed.Of(JsonNode.Parse(chat.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).Single()))!.AsObject();

        Assert.Equal(cli.Select(p => p.Key), web.Select(p => p.Key)); // the same fields in the same order
        foreach (var field in new[] { "reason", "usage", "cost_usd", "fallback" }) // not applicable offline: present, as null
        {
            Assert.True(web.ContainsKey(field), $"the server's turn lacks \"{field}\"");
            Assert.Null(web[field]);
        }
        Assert.Equal("web", (string?)web["session"]);
        Assert.Equal("cli", (string?)cli["session"]);
        web.Remove("session");
        cli.Remove("session");
        Assert.True(JsonNode.DeepEquals(cli, web), $"server: {web.ToJsonString()}\ncli: {cli.ToJsonString()}");
        Assert.Contains("three days", (string?)web["answer"]);
    }
}
