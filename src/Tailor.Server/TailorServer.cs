using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Timeouts;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Scalar.AspNetCore;
using Tailor.Server.Access;
using Tailor.Server.Api;
using Tailor.Server.Hosting;
using Tailor.Server.Http;
using Tailor.Server.OpenAi;
using Tailor.Server.Operations;
using Tailor.Server.Web;

namespace Tailor.Server;

/// <summary>
/// Builds the HTTP server: Kestrel with the limits, key checks, per-key rate limits and timeouts, then the endpoint
/// groups (/api, /v1, health, the web page at /, OpenAPI at /openapi/v1.json, the reference at /docs, Prometheus metrics at /metrics).
/// </summary>
public static class TailorServer
{
    public static WebApplication Build(ServerOptions options)
    {
        options.Validate();
        ILogger? log = null; // the import of a keys.json is logged once the logger exists (before: on stderr)
        var keys = KeyStore.Open(options.KnowledgeBase, options.DataDirectory, options.Database, message =>
        {
            if (log is null) Console.Error.WriteLine(message);
            else log.LogInformation("{Notice}", message);
        });
        string? warning;
        try { warning = ListenPolicy.Check(options, keys); }
        catch { keys.Dispose(); throw; }
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls(options.Urls);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
            k.AddServerHeader = false;
        });
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        var services = builder.Services;
        services.Configure<FormOptions>(o => o.MultipartBodyLengthLimit = options.MaxRequestBodyBytes);
        services.Configure<HostOptions>(o => o.ShutdownTimeout = options.ShutdownTimeout);
        services.AddSingleton(options);
        services.AddSingleton(_ => keys); // made by the container's factory: disposed with it
        services.AddHostedService<KeyRefresh>();
        services.AddSingleton<KnowledgeBaseRegistry>();
        services.AddSingleton<AnswerPolicy>();
        services.AddSingleton<SessionGates>();
        services.AddSingleton(sp => new ServerMetrics(() => QueueLength(sp.GetRequiredService<KnowledgeBaseRegistry>())));
        services.AddSingleton<IngestWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<IngestWorker>());
        services.AddProblemDetails();
        services.AddOpenApi();
        services.AddRequestTimeouts(o => o.DefaultPolicy = new RequestTimeoutPolicy
        {
            Timeout = options.RequestTimeout,
            TimeoutStatusCode = 504,
            WriteTimeoutResponse = context => ProblemResponses.WriteAsync(context, 504, $"the request took longer than {options.RequestTimeout.TotalSeconds:0} s; narrow it (smaller k, fewer files) or try again."),
        });
        services.AddRateLimiter(o =>
        {
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                if (context.Request.Path.StartsWithSegments("/healthz") || context.Request.Path.StartsWithSegments("/readyz")) return RateLimitPartition.GetNoLimiter("health");
                var caller = Caller.Of(context);
                var partition = caller.Key is null ? "address-" + context.Connection.RemoteIpAddress : caller.Identity;
                return RateLimitPartition.GetFixedWindowLimiter(partition, _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = options.RequestsPerMinute,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                });
            });
            o.OnRejected = (rejected, _) =>
            {
                var retry = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromMinutes(1);
                int seconds = Math.Max(1, (int)Math.Ceiling(retry.TotalSeconds));
                rejected.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                return new ValueTask(ProblemResponses.WriteAsync(rejected.HttpContext, 429,
                    $"this key made more than {options.RequestsPerMinute} requests in a minute; wait {seconds} s (Retry-After) and slow down."));
            };
        });
        var telemetry = services.AddOpenTelemetry().WithMetrics(m => m
            .AddAspNetCoreInstrumentation()
            .AddMeter(ServerMetrics.MeterName)
            .AddPrometheusExporter());
        // traces (requests, ingest jobs, answers) and metrics go to an OTLP collector: the one given, or one configured the standard way
        if (options.OtlpEndpoint is { } otlp)
        {
            static Uri Signal(Uri root, string signal) => new(root.AbsoluteUri.TrimEnd('/') + "/v1/" + signal);
            telemetry.WithTracing(t => t.AddAspNetCoreInstrumentation().AddSource(ServerMetrics.MeterName).AddOtlpExporter(o =>
            {
                o.Endpoint = Signal(otlp, "traces");
                o.Protocol = OpenTelemetry.Exporter.OtlpExportProtocol.HttpProtobuf;
            }));
            telemetry.WithMetrics(m => m.AddOtlpExporter(o =>
            {
                o.Endpoint = Signal(otlp, "metrics");
                o.Protocol = OpenTelemetry.Exporter.OtlpExportProtocol.HttpProtobuf;
            }));
        }
        else if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT")))
        {
            telemetry.WithTracing(t => t.AddAspNetCoreInstrumentation().AddSource(ServerMetrics.MeterName).AddOtlpExporter());
            telemetry.WithMetrics(m => m.AddOtlpExporter());
        }

        var app = builder.Build();
        log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Tailor.Server");
        if (warning != null) log.LogWarning("{Warning}", warning);
        app.Use(ProblemResponses.CatchAsync);
        app.UseStatusCodePages();
        WebPage.Use(app);
        app.UseMiddleware<BodyLimit>();
        app.UseMiddleware<KeyAuthentication>();
        app.UseRateLimiter();
        app.UseRequestTimeouts();

        var kbs = app.MapGroup("/api/kbs").WithTags("Knowledge bases");
        KnowledgeBaseEndpoints.Map(kbs);
        DocumentEndpoints.Map(kbs);
        JobEndpoints.Map(kbs);
        SearchEndpoints.Map(kbs);
        AskEndpoints.Map(kbs);
        SessionEndpoints.Map(kbs);
        ExampleEndpoints.Map(kbs);
        QualityEndpoints.Map(kbs);
        OpenAiEndpoints.Map(app);
        HealthEndpoints.Map(app);
        app.MapOpenApi();
        app.MapScalarApiReference("/docs");
        app.MapPrometheusScrapingEndpoint("/metrics");

        var registry = app.Services.GetRequiredService<KnowledgeBaseRegistry>();
        app.Lifetime.ApplicationStarted.Register(registry.OpenAll);
        return app;
    }

    /// <summary>Runs the server until <paramref name="ct"/> is cancelled or the process is asked to stop (SIGTERM, Ctrl+C); the running ingest job finishes first.</summary>
    public static async Task RunAsync(ServerOptions options, Action<IReadOnlyList<string>> started, CancellationToken ct)
    {
        await using var app = Build(options);
        await app.StartAsync(ct);
        started(Addresses(app));
        await app.WaitForShutdownAsync(ct);
    }

    /// <summary>The addresses the started server listens on (with the real ports when port 0 was asked for).</summary>
    public static IReadOnlyList<string> Addresses(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.ToList() ?? [];

    private static long QueueLength(KnowledgeBaseRegistry registry)
    {
        long total = 0;
        foreach (var served in registry.All)
            if (served.IsOpen && !served.Deleting) total += served.Open.Jobs.PendingCount();
        return total;
    }
}
