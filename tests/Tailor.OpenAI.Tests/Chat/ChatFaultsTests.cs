using System.ClientModel;
using System.Net.Sockets;
using Tailor.OpenAI.Chat;
using Tailor.OpenAI.Configuration;

namespace Tailor.OpenAI.Tests.Chat;

/// <summary>How failures met while reading a stream are told apart: a timeout, a broken stream, an unreachable server.</summary>
public sealed class ChatFaultsTests
{
    private static readonly ChatFaults Faults = new("test-model", new OpenAiSettings
    {
        BaseUrl = new Uri("http://127.0.0.1:9/v1/"),
        ChatModel = "test-model",
        MaxRetries = 0,
        Timeout = TimeSpan.FromSeconds(1),
    });

    // What the HTTP stack throws when the timeout's cancellation lands while the request body is still being sent.
    private static Exception CancelledWhileSending() =>
        new ClientResultException("send failed", null,
            new HttpRequestException("Error while copying content to a stream.",
                new IOException("Unable to write data to the transport connection: Operation canceled.",
                    new OperationCanceledException())));

    [Fact]
    public void A_timeout_surfacing_as_an_io_error_before_any_text_is_a_timeout()
    {
        var ex = Faults.DuringStream(CancelledWhileSending(), receivedChars: 0, finished: false, TimeSpan.FromMilliseconds(200));
        Assert.Contains("did not answer within 1 seconds", ex.Message);
        Assert.DoesNotContain("broke off", ex.Message);
    }

    [Fact]
    public void A_timeout_after_text_arrived_is_a_broken_stream_with_the_count()
    {
        var ex = Faults.DuringStream(CancelledWhileSending(), receivedChars: 42, finished: false, TimeSpan.FromSeconds(1.2));
        Assert.Contains("broke off after 42 characters", ex.Message);
    }

    [Fact]
    public void A_reset_connection_before_any_text_is_a_broken_stream()
    {
        var reset = new HttpRequestException("The response ended prematurely.",
            new IOException("Unable to read data from the transport connection.", new SocketException((int)SocketError.ConnectionReset)));
        var ex = Faults.DuringStream(reset, receivedChars: 0, finished: false, TimeSpan.FromMilliseconds(200));
        Assert.Contains("broke off after 0 characters", ex.Message);
    }

    [Fact]
    public void A_refused_connection_is_unreachable_not_a_timeout()
    {
        var refused = new HttpRequestException("Connection refused (127.0.0.1:9)", new SocketException((int)SocketError.ConnectionRefused));
        var ex = Faults.DuringStream(refused, receivedChars: 0, finished: false, TimeSpan.FromMilliseconds(200));
        Assert.StartsWith("cannot reach the model server at http://127.0.0.1:9/v1/", ex.Message);
    }

    [Fact]
    public void A_bare_io_error_no_sooner_than_the_timeout_is_a_timeout_and_sooner_is_a_broken_stream()
    {
        static Exception Ended() => new ClientResultException("read failed", null,
            new HttpRequestException("The response ended prematurely.", new IOException("The response ended prematurely.")));
        Assert.Contains("did not answer within 1 seconds", Faults.DuringStream(Ended(), 0, false, TimeSpan.FromSeconds(1.05)).Message);
        Assert.Contains("broke off after 0 characters", Faults.DuringStream(Ended(), 0, false, TimeSpan.FromMilliseconds(300)).Message);
    }

    [Fact]
    public void A_failed_request_is_a_timeout_when_it_took_the_timeout_unless_the_server_refused()
    {
        static Exception Bare() => new ClientResultException("send failed", null,
            new HttpRequestException("Error while copying content to a stream.", new IOException("Unable to write data to the transport connection.")));
        Assert.Contains("did not answer within 1 seconds", Faults.Describe(Bare(), TimeSpan.FromSeconds(1.1)).Message);
        Assert.Contains("broke before the answer arrived", Faults.Describe(Bare(), TimeSpan.FromMilliseconds(100)).Message);
        var refused = new HttpRequestException("Connection refused (127.0.0.1:9)", new SocketException((int)SocketError.ConnectionRefused));
        Assert.StartsWith("cannot reach", Faults.Describe(refused, TimeSpan.FromSeconds(5)).Message);
    }
}
