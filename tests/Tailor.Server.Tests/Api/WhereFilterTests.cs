using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Tailor.Server.Tests.Api;

/// <summary>The "where" field of search and ask requests, and a header-less CSV in the document JSON.</summary>
public sealed class WhereFilterTests
{
    private static Dictionary<string, string> Files()
    {
        var files = new Dictionary<string, string>(ServerHarness.Handbook());
        var sales = new StringBuilder("region,product,revenue\n");
        string[] regions = ["EMEA", "APAC"];
        for (int i = 0; i < 20; i++) sales.Append($"{regions[i % 2]},widget {i},{500 + i}\n");
        files["sales.csv"] = sales.ToString();
        files["raw.csv"] = "1,EMEA,gadget\n2,APAC,gizmo\n";
        return files;
    }

    [Fact]
    public async Task Search_and_ask_take_where_conditions_and_refuse_a_malformed_one_with_a_problem()
    {
        await using var server = await ServerHarness.StartAsync();
        await server.WaitJobAsync(await server.UploadAsync(Files()));

        using var search = await server.Client.PostAsJsonAsync("api/kbs/handbook/search", new { query = "widget revenue", k = 10, where = new[] { "Region=apac" } });
        Assert.Equal(HttpStatusCode.OK, search.StatusCode);
        var hits = (await search.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("hits").EnumerateArray().ToList();
        var hit = Assert.Single(hits);
        Assert.Equal("sales.csv", hit.GetProperty("document_id").GetString());
        var rows = hit.GetProperty("text").GetString()!.Split('\n');
        Assert.Equal("region | product | revenue", rows[0]);
        Assert.Equal(10, rows.Length - 1);
        Assert.All(rows.Skip(1), r => Assert.StartsWith("APAC | ", r));

        using var ask = await server.Client.PostAsJsonAsync("api/kbs/handbook/ask", new { question = "What revenue did widget 4 make?", where = new[] { "product=widget 4" } });
        Assert.Equal(HttpStatusCode.OK, ask.StatusCode);
        var citation = Assert.Single((await ask.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("citations").EnumerateArray());
        Assert.Equal("sales.csv", citation.GetProperty("document_id").GetString());

        using var bad = await server.Client.PostAsJsonAsync("api/kbs/handbook/search", new { query = "widget", where = new[] { "region" } });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
        var problem = await bad.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("'region'", problem.GetProperty("detail").GetString());
        Assert.DoesNotContain("   at ", await bad.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_csv_without_a_header_row_is_marked_in_the_document_json()
    {
        await using var server = await ServerHarness.StartAsync();
        await server.WaitJobAsync(await server.UploadAsync(Files()));
        var raw = await server.Client.GetFromJsonAsync<JsonElement>("api/kbs/handbook/documents/raw.csv");
        Assert.False(raw.GetProperty("document").GetProperty("header_row").GetBoolean());
        var sales = await server.Client.GetFromJsonAsync<JsonElement>("api/kbs/handbook/documents/sales.csv");
        Assert.True(sales.GetProperty("document").GetProperty("header_row").GetBoolean());
    }
}
