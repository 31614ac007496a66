using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Tailor.Testing.Web;

/// <summary>A Kestrel server on a free port of 127.0.0.1 answering each path with a handler set by the test; counts the requests it gets.</summary>
public sealed class LocalWebServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, Func<HttpContext, Task>> _routes = new(StringComparer.Ordinal);
    private int _requests;

    private LocalWebServer(WebApplication app) => _app = app;

    /// <summary>The server's root, e.g. http://127.0.0.1:41234/.</summary>
    public Uri Root { get; private set; } = null!;

    /// <summary>Requests received so far.</summary>
    public int Requests => Volatile.Read(ref _requests);

    public static async Task<LocalWebServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new LocalWebServer(app);
        app.Run(async context =>
        {
            Interlocked.Increment(ref server._requests);
            if (server._routes.TryGetValue(context.Request.Path.Value ?? "/", out var handler)) await handler(context);
            else context.Response.StatusCode = 404;
        });
        await app.StartAsync().ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Root = new Uri(address.TrimEnd('/') + "/");
        return server;
    }

    /// <summary>Answers <paramref name="path"/> with <paramref name="body"/> of <paramref name="contentType"/>.</summary>
    public void Page(string path, string body, string contentType = "text/html; charset=utf-8") =>
        _routes[path] = async context => { context.Response.ContentType = contentType; await context.Response.WriteAsync(body); };

    /// <summary>Answers <paramref name="path"/> with a 302 to <paramref name="location"/>.</summary>
    public void Redirect(string path, string location) =>
        _routes[path] = context => { context.Response.StatusCode = 302; context.Response.Headers.Location = location; return Task.CompletedTask; };

    /// <summary>Answers <paramref name="path"/> with any handler.</summary>
    public void Handle(string path, Func<HttpContext, Task> handler) => _routes[path] = handler;

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
