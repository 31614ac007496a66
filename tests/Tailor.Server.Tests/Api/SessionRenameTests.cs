using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Tailor.Server.Tests.Api;

public sealed class SessionRenameTests
{
    [Fact]
    public async Task A_renamed_session_keeps_its_messages_under_the_new_name_and_a_taken_name_is_a_conflict()
    {
        await using var server = await ServerHarness.StartAsync();
        await server.WaitJobAsync(await server.UploadAsync(ServerHarness.Handbook()));
        foreach (var (session, question) in new[] { ("first", "How many vacation days do contractors get?"), ("second", "Where do bicycles park?") })
            using (var turn = await server.Client.PostAsJsonAsync($"api/kbs/handbook/sessions/{session}/turns", new { question }))
                Assert.Equal(HttpStatusCode.OK, turn.StatusCode);
        var before = await server.Client.GetFromJsonAsync<JsonElement>("api/kbs/handbook/sessions/first/messages");

        using (var taken = await server.Client.PatchAsJsonAsync("api/kbs/handbook/sessions/first", new { name = "second" }))
            Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);
        using (var missing = await server.Client.PatchAsJsonAsync("api/kbs/handbook/sessions/nobody", new { name = "third" }))
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        using (var empty = await server.Client.PatchAsJsonAsync("api/kbs/handbook/sessions/first", new { name = " " }))
            Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);

        using var renamed = await server.Client.PatchAsJsonAsync("api/kbs/handbook/sessions/first", new { name = "vacations" });
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        Assert.Equal("vacations", (await renamed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("name").GetString());
        var list = await server.Client.GetFromJsonAsync<JsonElement>("api/kbs/handbook/sessions");
        Assert.Equal(["second", "vacations"], list.GetProperty("sessions").EnumerateArray().Select(s => s.GetProperty("name").GetString()).Order());
        var after = await server.Client.GetFromJsonAsync<JsonElement>("api/kbs/handbook/sessions/vacations/messages");
        Assert.Equal(before.GetProperty("messages").GetRawText(), after.GetProperty("messages").GetRawText());
        using (var old = await server.Client.GetAsync("api/kbs/handbook/sessions/first/messages"))
            Assert.Equal(HttpStatusCode.NotFound, old.StatusCode);
    }
}
