using System.Net;
using System.Net.Sockets;

namespace Tailor.Testing;

/// <summary>
/// Ports on 127.0.0.1 for tests that cannot bind port 0 themselves. Test classes run in parallel, so a port found
/// free may be taken before it is used: listeners retry with another, and a refusing port stays bound (without
/// listening) for as long as the test needs it, so nothing else can answer there.
/// </summary>
public static class LocalPorts
{
    /// <summary>Starts <paramref name="listener"/> on a free port with the prefix <c>http://127.0.0.1:PORT/</c> + <paramref name="path"/>; returns the prefix.</summary>
    public static string StartHttpListener(HttpListener listener, string path = "")
    {
        for (int attempt = 1; ; attempt++)
        {
            string prefix = $"http://127.0.0.1:{FreePort()}/{path}";
            listener.Prefixes.Clear();
            listener.Prefixes.Add(prefix);
            try
            {
                listener.Start();
                return prefix;
            }
            catch (HttpListenerException) when (attempt < 10)
            {
                // taken between the probe and the start: try another
            }
        }
    }

    /// <summary>A port where connections are refused: bound, never listening, until the returned socket is disposed.</summary>
    public static (Socket Holder, int Port) Refusing()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return (socket, ((IPEndPoint)socket.LocalEndPoint!).Port);
    }

    private static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }
}
