using System.Net.Sockets;

namespace Tailor.OpenAI.Configuration;

/// <summary>
/// Reads what a failed request without an HTTP status was: a timeout or a refusal. A request timeout that lands
/// while the request is still being sent can surface as a bare I/O error with no cancellation in its chain, so a
/// failure that took at least the timeout counts as one, unless the server plainly refused or could not be found.
/// </summary>
internal static class TransportFailure
{
    /// <summary>True when <paramref name="ex"/> is (or was caused by) a timeout of a request limited to <paramref name="timeout"/>.</summary>
    public static bool IsTimeout(Exception ex, TimeSpan elapsed, TimeSpan timeout) =>
        SaysTimeout(ex) || elapsed >= timeout && !IsRefusal(ex);

    /// <summary>True when a cancellation or timeout exception, or a message about a timeout, is anywhere in the chain.</summary>
    public static bool SaysTimeout(Exception ex)
    {
        for (var e = ex; e != null; e = e.InnerException)
        {
            if (e is OperationCanceledException or TimeoutException) return true;
            if (e.Message.Contains("timeout", StringComparison.OrdinalIgnoreCase) || e.Message.Contains("timed out", StringComparison.OrdinalIgnoreCase)) return true;
        }
        return false;
    }

    /// <summary>True when the server refused the connection or its name or network could not be found.</summary>
    public static bool IsRefusal(Exception ex)
    {
        for (var e = ex; e != null; e = e.InnerException)
        {
            if (e is SocketException { SocketErrorCode: SocketError.ConnectionRefused or SocketError.HostNotFound or SocketError.HostUnreachable
                or SocketError.NetworkUnreachable or SocketError.TryAgain or SocketError.NoData or SocketError.AddressNotAvailable })
                return true;
            if (e is HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError }) return true;
        }
        return false;
    }
}
