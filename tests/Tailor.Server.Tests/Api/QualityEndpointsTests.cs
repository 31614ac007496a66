using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tailor.Evaluation.Qa;
using Tailor.Server.Access;

namespace Tailor.Server.Tests.Api;

public sealed class QualityEndpointsTests
{
    [Fact]
    public async Task The_latest_report_is_served_as_saved_none_is_a_404_and_a_key_with_groups_may_not_read_it()
    {
        await using var server = await ServerHarness.StartAsync();
        using (var none = await server.Client.GetAsync("api/kbs/handbook/quality"))
        {
            Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
            Assert.Contains("tailor eval-qa", (await none.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        }

        var report = new QaReport(2, 5, 0.5, 1, 1, 0.5, [
            new QaQuestionResult("How many vacation days?", 1, true, 1, true, true, 1, true, "25 [1]", []),
            new QaQuestionResult("Where is the moon base?", 2, false, null, null, true, 0, false, "not found", []),
        ]);
        QaReportFile.Save(server.KbDirectory, report, new DateTimeOffset(2026, 5, 1, 12, 0, 0, TimeSpan.Zero));
        var saved = await server.Client.GetFromJsonAsync<JsonElement>("api/kbs/handbook/quality");
        Assert.Equal("2026-05-01T12:00:00Z", saved.GetProperty("created_at").GetString());
        Assert.Equal(0.5, saved.GetProperty("report").GetProperty("hit@k").GetDouble());
        Assert.Equal("Where is the moon base?", saved.GetProperty("report").GetProperty("results")[1].GetProperty("question").GetString());

        var store = new KeyStore(server.KbDirectory);
        var (_, grouped) = store.Create("staff", KeyScope.Read, ["staff"]);
        server.UseKey(grouped);
        using (var forbidden = await server.Client.GetAsync("api/kbs/handbook/quality"))
            Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        var (_, plain) = store.Create("reader", KeyScope.Read);
        server.UseKey(plain);
        using (var allowed = await server.Client.GetAsync("api/kbs/handbook/quality"))
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
    }
}
