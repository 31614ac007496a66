using System.Text.Json;
using System.Threading.Channels;

namespace Tailor.Server.Http;

/// <summary>Writes a <c>text/event-stream</c> response: named events with JSON data, or OpenAI's bare <c>data:</c> lines.</summary>
public sealed class ServerSentEvents
{
    private readonly HttpResponse _response;

    private ServerSentEvents(HttpResponse response) => _response = response;

    public static ServerSentEvents Start(HttpResponse response)
    {
        response.StatusCode = 200;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        return new ServerSentEvents(response);
    }

    /// <summary>One event: <c>event: NAME</c> (when given) and <c>data: JSON</c>.</summary>
    public async Task SendAsync<T>(string? name, T data, CancellationToken ct)
    {
        var json = JsonSerializer.Serialize(data, ServerJson.Options);
        await _response.WriteAsync((name is null ? "" : $"event: {name}\n") + $"data: {json}\n\n", ct);
        await _response.Body.FlushAsync(ct);
    }

    /// <summary>A raw <c>data:</c> line (OpenAI's closing <c>[DONE]</c>).</summary>
    public async Task SendRawAsync(string data, CancellationToken ct)
    {
        await _response.WriteAsync($"data: {data}\n\n", ct);
        await _response.Body.FlushAsync(ct);
    }

    /// <summary>
    /// Runs <paramref name="produce"/>, which reports text pieces synchronously, and sends each piece as it comes via
    /// <paramref name="send"/>; returns what <paramref name="produce"/> returned.
    /// </summary>
    public static async Task<T> PumpAsync<T>(Func<Action<string>, Task<T>> produce, Func<string, Task> send)
    {
        var channel = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
        var producer = Task.Run(async () =>
        {
            try { return await produce(piece => channel.Writer.TryWrite(piece)); }
            finally { channel.Writer.TryComplete(); }
        });
        await foreach (var piece in channel.Reader.ReadAllAsync()) await send(piece);
        return await producer;
    }
}
