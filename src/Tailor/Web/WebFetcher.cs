using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;

namespace Tailor.Web;

/// <summary>
/// Fetches web pages for ingestion with the protections a URL from a user needs: http and https
/// only; every address a host name resolves to is checked before connecting, on the first request
/// and on every redirect, so a name pointing at a loopback, private or link-local address is refused
/// (unless <see cref="WebFetchOptions.AllowPrivate"/>); redirects to other hosts are refused unless
/// allowed; the body may not exceed <see cref="WebFetchOptions.MaxBytes"/>; the whole fetch has a timeout.
/// </summary>
public sealed class WebFetcher : IDisposable
{
    private readonly WebFetchOptions _options;
    private readonly HttpClient _client;

    public WebFetcher(WebFetchOptions? options = null)
    {
        _options = options ?? new WebFetchOptions();
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.All,
            ConnectCallback = ConnectAsync,
            UseProxy = false, // a proxy would resolve the name itself, past the address check
        };
        _client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        _client.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("Tailor", "1.0"));
    }

    /// <summary>Fetches <paramref name="url"/>; throws <see cref="TailorException"/> naming the URL and what to do when it is refused or fails.</summary>
    public async Task<WebPage> FetchAsync(Uri url, CancellationToken ct = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_options.Timeout);
        var current = url;
        try
        {
            for (int redirects = 0; ; redirects++)
            {
                CheckScheme(current, url);
                if (IPAddress.TryParse(current.IdnHost.Trim('[', ']'), out var literal) && Forbidden(literal) is { } why)
                    throw Refused(url, current, literal, why);
                using var request = new HttpRequestMessage(HttpMethod.Get, current);
                using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
                if ((int)response.StatusCode is >= 300 and < 400 && response.Headers.Location is { } location)
                {
                    if (redirects >= _options.MaxRedirects)
                        throw new TailorException($"{url}: more than {_options.MaxRedirects} redirects; give the final address instead");
                    var next = location.IsAbsoluteUri ? location : new Uri(current, location);
                    CheckScheme(next, url);
                    if (!_options.AllowOtherHosts && !string.Equals(next.IdnHost, url.IdnHost, StringComparison.OrdinalIgnoreCase))
                        throw new TailorException($"{url}: redirects to another host ({next.IdnHost}); ingest {next} directly if it is meant");
                    current = next;
                    continue;
                }
                if (!response.IsSuccessStatusCode)
                    throw new TailorException($"{url}: the server answered {(int)response.StatusCode} {response.ReasonPhrase}; check the address", TailorErrorKind.NotFound);
                if (response.Content.Headers.ContentLength is long length && length > _options.MaxBytes)
                    throw TooLarge(url);
                var body = await ReadLimitedAsync(response, url, timeout.Token).ConfigureAwait(false);
                var mediaType = response.Content.Headers.ContentType?.MediaType ?? "application/octet-stream";
                return new WebPage(current, mediaType, body);
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TailorException($"{url}: no complete answer within {_options.Timeout.TotalSeconds:F0} s; try again later", TailorErrorKind.Upstream);
        }
        catch (HttpRequestException ex) when (ex.InnerException is TailorException refused)
        {
            throw refused;
        }
        catch (HttpRequestException ex)
        {
            throw new TailorException($"{url}: cannot be fetched ({ex.Message}); check the address and the network", TailorErrorKind.Upstream);
        }
    }

    private static void CheckScheme(Uri current, Uri asked)
    {
        if (!current.IsAbsoluteUri || current.Scheme is not ("http" or "https"))
            throw new TailorException($"{asked}: only http and https addresses can be ingested{(current == asked ? "" : $" (it redirects to {current})")}");
    }

    private async Task<byte[]> ReadLimitedAsync(HttpResponseMessage response, Uri url, CancellationToken ct)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, ct).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > _options.MaxBytes) throw TooLarge(url);
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private TailorException TooLarge(Uri url) =>
        new($"{url}: the page is larger than {_options.MaxBytes / (1024 * 1024.0):0.#} MB; download it and ingest the file, or raise the limit");

    private static TailorException Refused(Uri asked, Uri current, IPAddress address, string why) =>
        new($"{asked}: refused, {(current == asked ? "" : $"its redirect to {current} ")}{current.IdnHost} is a {why} address ({address}); only public addresses are fetched, pass --allow-private to ingest from a private network");

    /// <summary>Why connecting to <paramref name="address"/> is refused under the options, or null when it is allowed.</summary>
    private string? Forbidden(IPAddress address)
    {
        if (_options.AllowPrivate) return null;
        var why = AddressPolicy.WhyNotPublic(address);
        return why == "loopback" && _options.AllowLoopback ? null : why;
    }

    /// <summary>Resolves the host, refuses it when any of its addresses is not public (unless allowed), and connects to a checked address.</summary>
    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct).ConfigureAwait(false);
        if (addresses.Length == 0) throw new TailorException($"{context.InitialRequestMessage.RequestUri}: {host} has no address");
        foreach (var address in addresses)
            if (Forbidden(address) is { } why)
                throw Refused(context.InitialRequestMessage.RequestUri!, context.InitialRequestMessage.RequestUri!, address, why);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, ct).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public void Dispose() => _client.Dispose();
}
