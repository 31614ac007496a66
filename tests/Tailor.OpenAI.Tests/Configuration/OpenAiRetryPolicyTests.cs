using System.Net;
using System.Net.Sockets;
using System.Text;
using Tailor.OpenAI.Configuration;
using Tailor.OpenAI.Embedding;
using Tailor.Testing;

namespace Tailor.OpenAI.Tests.Configuration;

/// <summary>
/// The millisecond retry hints of OpenAI and Azure OpenAI (<c>retry-after-ms</c>), which the SDK's own
/// policy ignores. The shared test server sends only <c>Retry-After</c>, so this test answers from a
/// minimal listener of its own: one 429 with the hint, then an embedding.
/// </summary>
public class OpenAiRetryPolicyTests
{
    [Theory]
    [InlineData("retry-after-ms")]
    [InlineData("x-ms-retry-after-ms")]
    public async Task A_429_with_a_millisecond_hint_waits_that_long(string header)
    {
        using var listener = new HttpListener();
        string baseUrl = LocalPorts.StartHttpListener(listener, "v1/");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var arrivals = new List<TimeSpan>();
        var serve = Task.Run(async () =>
        {
            for (int i = 0; i < 2; i++)
            {
                var context = await listener.GetContextAsync();
                arrivals.Add(clock.Elapsed);
                var response = context.Response;
                string body;
                if (i == 0)
                {
                    response.StatusCode = 429;
                    response.AddHeader(header, "1500");
                    body = """{"error":{"message":"Rate limit reached","type":"requests","param":null,"code":"rate_limit_exceeded"}}""";
                }
                else
                {
                    var vector = Convert.ToBase64String(System.Runtime.InteropServices.MemoryMarshal.AsBytes(new float[] { 0.6f, 0.8f }.AsSpan()));
                    body = $$$"""{"object":"list","data":[{"object":"embedding","index":0,"embedding":"{{{vector}}}"}],"model":"m","usage":{"prompt_tokens":1,"total_tokens":1}}""";
                }
                response.ContentType = "application/json";
                var bytes = Encoding.UTF8.GetBytes(body);
                await response.OutputStream.WriteAsync(bytes);
                response.Close();
            }
        });
        var settings = new OpenAiSettings { BaseUrl = new Uri(baseUrl), ApiKey = "k", EmbeddingModel = "m", MaxRetries = 2, Timeout = TimeSpan.FromSeconds(60) };
        var vector = await OpenAiEmbedder.Create(settings).EmbedQueryAsync("hello");
        await serve;
        Assert.Equal([0.6f, 0.8f], vector);
        Assert.Equal(2, arrivals.Count);
        Assert.True(arrivals[1] - arrivals[0] >= TimeSpan.FromMilliseconds(1450), $"the retry came after {(arrivals[1] - arrivals[0]).TotalMilliseconds:F0} ms; the hint asked for 1500");
    }
}
