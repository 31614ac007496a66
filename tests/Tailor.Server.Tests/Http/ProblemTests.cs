using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Tailor.Server.Tests.Http;

public sealed class ProblemTests
{
    private static async Task<(HttpStatusCode Status, JsonElement Problem, HttpResponseMessage Response)> PostAsync(HttpClient client, string path, string json)
    {
        var response = await client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.DoesNotContain("   at ", problem.GetRawText());
        return (response.StatusCode, problem, response);
    }

    [Theory]
    [InlineData("{\"query\": \"x\", \"k\": \"ten\"}", "\"k\"")]
    [InlineData("{\"query\": \"x\", \"explain\": 3}", "\"explain\"")]
    [InlineData("{\"query\": \"x\", \"colour\": 3}", "\"colour\"")]
    [InlineData("{\"k\": 3}", "query")]
    [InlineData("{\"query\": \"x\", \"mode\": \"psychic\"}", "\"mode\"")]
    [InlineData("{\"query\": \"x\", \"k\": 0}", "\"k\"")]
    [InlineData("{\"query\": ", "not valid JSON")]
    [InlineData("{\"query\": \"  \"}", "\"query\" is empty")]
    [InlineData("{\"query\": null}", "\"query\"")]
    public async Task Malformed_json_and_wrong_types_get_400_naming_the_field(string json, string named)
    {
        await using var server = await ServerHarness.StartAsync();
        var (status, problem, response) = await PostAsync(server.Client, "api/kbs/handbook/search", json);
        using (response)
        {
            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.Contains(named, problem.GetProperty("detail").GetString());
            Assert.Equal(400, problem.GetProperty("status").GetInt32());
        }
    }

    [Fact]
    public async Task Unknown_knowledge_bases_and_routes_get_404_problems()
    {
        await using var server = await ServerHarness.StartAsync();
        var (status, problem, response) = await PostAsync(server.Client, "api/kbs/nope/search", "{\"query\":\"x\"}");
        using (response)
        {
            Assert.Equal(HttpStatusCode.NotFound, status);
            Assert.Contains("GET /api/kbs", problem.GetProperty("detail").GetString());
        }
        using var route = await server.Client.GetAsync("api/nothing-here");
        Assert.Equal(HttpStatusCode.NotFound, route.StatusCode);
        Assert.Equal("application/problem+json", route.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_body_over_the_limit_gets_413_before_it_is_sent()
    {
        await using var server = await ServerHarness.StartAsync(o => o with { MaxRequestBodyBytes = 4096 });
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/kbs/handbook/documents")
        {
            Content = new StringContent("{\"id\":\"big\",\"text\":\"" + new string('a', 20_000) + "\"}", Encoding.UTF8, "application/json"),
        };
        request.Headers.ExpectContinue = true;
        using var response = await server.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("4,096", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Too_many_requests_get_429_with_retry_after()
    {
        await using var server = await ServerHarness.StartAsync(o => o with { RequestsPerMinute = 3 });
        for (int i = 0; i < 3; i++)
        {
            using var ok = await server.Client.GetAsync("api/kbs");
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }
        using var limited = await server.Client.GetAsync("api/kbs");
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        using var health = await server.Client.GetAsync("healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }
}
