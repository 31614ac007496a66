using System.Net;
using System.Net.Sockets;

namespace Tailor.Web;

/// <summary>Which IP addresses a fetch may connect to: public ones only, unless private ones are allowed.</summary>
public static class AddressPolicy
{
    /// <summary>
    /// Why <paramref name="address"/> is not public (loopback, private, link-local, unique-local,
    /// carrier-grade NAT, multicast, unspecified, reserved), or null when it is.
    /// </summary>
    public static string? WhyNotPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address)) return "loopback";
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return b[0] switch
            {
                0 => "unspecified",
                10 => "private",
                100 when b[1] >= 64 && b[1] <= 127 => "carrier-grade NAT",
                169 when b[1] == 254 => "link-local",
                172 when b[1] >= 16 && b[1] <= 31 => "private",
                192 when b[1] == 168 => "private",
                192 when b[1] == 0 && b[2] == 0 => "reserved",
                198 when b[1] is 18 or 19 => "reserved",
                >= 224 => "multicast or reserved",
                _ => null,
            };
        }
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            if (address.Equals(IPAddress.IPv6None) || address.Equals(IPAddress.IPv6Any)) return "unspecified";
            if (address.IsIPv6LinkLocal || address.IsIPv6SiteLocal) return "link-local";
            if (address.IsIPv6Multicast) return "multicast";
            var b = address.GetAddressBytes();
            if ((b[0] & 0xFE) == 0xFC) return "private (unique local)";
            return null;
        }
        return "not an IP address";
    }
}
