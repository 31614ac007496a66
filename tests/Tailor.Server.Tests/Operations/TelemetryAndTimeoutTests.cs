using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Tailor.Testing;

namespace Tailor.Server.Tests.Operations;

/// <summary>The request timeout (504 problem+json) and OTLP/HTTP export of traces and metrics to a real receiver on 127.0.0.1.</summary>
public sealed class TelemetryAndTimeoutTests
{
    [Fact]
    public async Task A_request_that_outlasts_the_timeout_is_cancelled_and_answered_504_as_problem_json()
    {
        var model = new StalledChatModel();
        await using var server = await ServerHarness.StartAsync(o => o with { ChatModel = model, RequestTimeout = TimeSpan.FromMilliseconds(500) });
        await server.WaitJobAsync(await server.UploadAsync(ServerHarness.Handbook()));

        using var response = await server.Client.PostAsJsonAsync("api/kbs/handbook/ask", new { question = "How many vacation days do contractors get?" });

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(504, problem.GetProperty("status").GetInt32());
        Assert.Contains("took longer than", problem.GetProperty("detail").GetString());
        Assert.Equal(1, model.Requests); // it reached the model, which was waiting when the timeout cancelled it

        using var health = await server.Client.GetAsync("healthz"); // the server goes on
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task Traces_and_metrics_are_exported_over_otlp_http_to_the_configured_receiver()
    {
        using var listener = new HttpListener();
        var prefix = LocalPorts.StartHttpListener(listener, "otlp/");
        var received = new ConcurrentQueue<(string Path, string ContentType, byte[] Body)>();
        var receiving = Task.Run(async () =>
        {
            while (listener.IsListening)
            {
                HttpListenerContext context;
                try { context = await listener.GetContextAsync(); }
                catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException) { return; }
                using var body = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(body);
                received.Enqueue((context.Request.Url!.AbsolutePath, context.Request.ContentType ?? "", body.ToArray()));
                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/x-protobuf";
                context.Response.Close();
            }
        });

        await using (var server = await ServerHarness.StartAsync(o => o with { OtlpEndpoint = new Uri(prefix) }))
        {
            await server.WaitJobAsync(await server.UploadAsync(ServerHarness.Handbook()));
            using var ask = await server.Client.PostAsJsonAsync("api/kbs/handbook/ask", new { question = "How many vacation days do contractors get?" });
            Assert.Equal(HttpStatusCode.OK, ask.StatusCode);
        } // stopping the server flushes what was not exported yet

        var traces = received.Where(r => r.Path == "/otlp/v1/traces").ToList();
        var metrics = received.Where(r => r.Path == "/otlp/v1/metrics").ToList();
        Assert.NotEmpty(traces);
        Assert.NotEmpty(metrics);
        Assert.All(traces.Concat(metrics), r => Assert.Equal("application/x-protobuf", r.ContentType));
        // protobuf keeps strings as UTF-8: the spans name the route and the job, the metrics Tailor's meter and counters
        var spanBytes = Encoding.UTF8.GetString(traces.SelectMany(r => r.Body).ToArray());
        Assert.Contains("/api/kbs/{kb}/ask", spanBytes);
        Assert.Contains("ingest job", spanBytes);
        var metricBytes = Encoding.UTF8.GetString(metrics.SelectMany(r => r.Body).ToArray());
        Assert.Contains("Tailor.Server", metricBytes);
        Assert.Contains("tailor.answers", metricBytes);
        Assert.Contains("http.server.request.duration", metricBytes);

        listener.Stop();
        await receiving;
    }
}
