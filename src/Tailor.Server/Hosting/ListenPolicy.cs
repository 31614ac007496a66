using System.Net;
using Tailor.Server.Access;

namespace Tailor.Server.Hosting;

/// <summary>
/// Where the server may listen: without any key only on loopback; on another address it refuses to start until a
/// key exists, unless <c>--insecure</c> is given (then it warns).
/// </summary>
public static class ListenPolicy
{
    /// <summary>Throws when the addresses need a key and there is none; returns a warning to log for --insecure, else null.</summary>
    public static string? Check(ServerOptions options, KeyStore keys)
    {
        var exposed = Addresses(options.Urls).Where(a => !IsLoopback(a)).ToList();
        if (exposed.Count == 0 || keys.AnyActive) return null;
        var where = string.Join(", ", exposed);
        if (options.Insecure)
            return $"listening on {where} without any key (--insecure): anyone who can reach this address can read, change and delete the knowledge bases.";
        throw new ServerException(400,
            $"refusing to listen on {where} without a key: create one first (tailor keys create --name NAME --scope admin, with the same --kb or --data), listen on 127.0.0.1 only, or pass --insecure.");
    }

    public static IReadOnlyList<string> Addresses(string urls) =>
        urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public static bool IsLoopback(string url)
    {
        if (!Uri.TryCreate(url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var uri))
            throw new ServerException(400, $"\"{url}\" is not a URL to listen on; use e.g. http://127.0.0.1:8080.");
        if (uri.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase)) return true;
        return IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip);
    }
}
