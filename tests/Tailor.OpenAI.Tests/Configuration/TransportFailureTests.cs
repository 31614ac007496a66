using System.Net.Sockets;
using Tailor.OpenAI.Configuration;

namespace Tailor.OpenAI.Tests.Configuration;

/// <summary>Telling a request timeout from a refusal when the failure carries no HTTP status.</summary>
public sealed class TransportFailureTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(2);

    [Fact]
    public void A_cancellation_in_the_chain_is_a_timeout_however_soon()
    {
        var ex = new HttpRequestException("send failed", new IOException("write failed", new TaskCanceledException()));
        Assert.True(TransportFailure.IsTimeout(ex, TimeSpan.FromMilliseconds(10), Limit));
    }

    [Fact]
    public void A_bare_io_error_is_a_timeout_only_once_the_limit_has_passed()
    {
        var ex = new HttpRequestException("send failed", new IOException("write failed", new SocketException((int)SocketError.OperationAborted)));
        Assert.False(TransportFailure.IsTimeout(ex, TimeSpan.FromSeconds(1), Limit));
        Assert.True(TransportFailure.IsTimeout(ex, TimeSpan.FromSeconds(2), Limit));
    }

    [Theory]
    [InlineData(SocketError.ConnectionRefused)]
    [InlineData(SocketError.HostNotFound)]
    [InlineData(SocketError.NetworkUnreachable)]
    public void A_refusal_is_never_a_timeout_without_a_cancellation(SocketError error)
    {
        var ex = new HttpRequestException("connect failed", new SocketException((int)error));
        Assert.True(TransportFailure.IsRefusal(ex));
        Assert.False(TransportFailure.IsTimeout(ex, TimeSpan.FromSeconds(30), Limit));
    }

    [Fact]
    public void A_name_that_does_not_resolve_is_a_refusal()
    {
        var ex = new HttpRequestException(HttpRequestError.NameResolutionError, "Name or service not known");
        Assert.True(TransportFailure.IsRefusal(ex));
        Assert.False(TransportFailure.IsRefusal(new IOException("reset")));
    }
}
