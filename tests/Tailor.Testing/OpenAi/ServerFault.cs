namespace Tailor.Testing.OpenAi;

/// <summary>A scripted misbehaviour of the test server for one request.</summary>
public sealed record ServerFault
{
    private ServerFault() { }

    /// <summary>HTTP status to answer with (0 when the fault is not a status).</summary>
    public int StatusCode { get; private init; }

    /// <summary>Sent as <c>Retry-After</c> (seconds) with the status.</summary>
    public int? RetryAfterSeconds { get; private init; }

    /// <summary>Answer only after this long (the request is then handled normally).</summary>
    public TimeSpan? Latency { get; private init; }

    /// <summary>For streamed chat: the connection is aborted after this many SSE chunks.</summary>
    public int? BreakAfterChunks { get; private init; }

    /// <summary>An OpenAI-style error response: <c>{"error": {"message", "type", "param", "code"}}</c>.</summary>
    public static ServerFault Status(int statusCode, int? retryAfterSeconds = null) =>
        new() { StatusCode = statusCode, RetryAfterSeconds = retryAfterSeconds };

    /// <summary>Holds the response back for <paramref name="latency"/>: use it to trip client timeouts.</summary>
    public static ServerFault Delay(TimeSpan latency) => new() { Latency = latency };

    /// <summary>Streams <paramref name="afterChunks"/> SSE chunks, then aborts the connection.</summary>
    public static ServerFault BrokenStream(int afterChunks = 2) => new() { BreakAfterChunks = afterChunks };
}
