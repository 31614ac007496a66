using System.ClientModel;
using System.Globalization;
using System.Net.Sockets;
using System.Text.Json;
using Tailor.OpenAI.Configuration;

namespace Tailor.OpenAI.Chat;

/// <summary>Turns what the SDK throws (after its retries) into a <see cref="TailorException"/> that names the server, the model and what to do.</summary>
internal sealed class ChatFaults(string model, OpenAiSettings settings)
{
    private string Server => settings.IsAzure
        ? $"Azure OpenAI at {settings.Endpoint} (deployment \"{model}\")"
        : $"the model server at {settings.Endpoint}";

    private string Retries => settings.MaxRetries == 1 ? "1 retry" : $"{settings.MaxRetries} retries";

    /// <summary>True for failures of the server or the network; false for the caller's own cancellation.</summary>
    public static bool IsFault(Exception ex, CancellationToken ct) => ex switch
    {
        OperationCanceledException when ct.IsCancellationRequested => false,
        ClientResultException or HttpRequestException or IOException or OperationCanceledException or TimeoutException or SocketException or JsonException => true,
        _ => false,
    };

    /// <summary>True when an established connection broke (the stream was cut), as opposed to a refused or failed request.</summary>
    private static bool IsBrokenConnection(Exception ex) =>
        ex is not ClientResultException { Status: > 0 } && Find<IOException>(ex) is not null && (Find<SocketException>(ex) is not { } socket || IsReset(socket));

    private static bool IsReset(SocketException socket) =>
        socket.SocketErrorCode is SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown;

    /// <summary>A failed request; <paramref name="elapsed"/> (time since it was sent) tells a timeout that surfaced as an I/O error from a refusal.</summary>
    public TailorException Describe(Exception ex, TimeSpan elapsed = default)
    {
        if (ex is ClientResultException { Status: > 0 } http) return Status(http);
        if (TransportFailure.IsTimeout(ex, elapsed, settings.Timeout)) return Timeout(ex);
        var socket = Find<SocketException>(ex);
        if (socket is not null && !IsReset(socket) || socket is null && Find<HttpRequestException>(ex) is not null && Find<IOException>(ex) is null)
        {
            var detail = socket?.Message ?? Innermost(ex).Message;
            return new TailorException(
                $"cannot reach {Server} ({detail}). Is the server running? For Ollama start it with `ollama serve` and set OPENAI_BASE_URL=http://localhost:11434/v1; otherwise check OPENAI_BASE_URL ({settings.Origin}), or answer offline with --offline or --fallback extractive.", ex, TailorErrorKind.Upstream);
        }
        if (Find<IOException>(ex) is not null || socket is not null)
            return new TailorException($"the connection to {Server} broke before the answer arrived ({Innermost(ex).Message}); try again.", ex, TailorErrorKind.Upstream);
        return new TailorException($"{Server} failed for model \"{model}\": {Innermost(ex).Message}", ex, TailorErrorKind.Upstream);
    }

    /// <summary>
    /// A failure while reading the stream. Nothing received and the request timed out is a timeout, even when the
    /// cancellation surfaced as an I/O error (it can when it lands while the request is still being sent), so a
    /// failure that came no sooner than the timeout counts as one too; anything after the first text, or a reset
    /// connection, is a broken stream.
    /// </summary>
    /// <param name="elapsed">Time since the last update arrived (or since the request, before the first).</param>
    public TailorException DuringStream(Exception ex, int receivedChars, bool finished, TimeSpan elapsed)
    {
        if (receivedChars == 0 && !finished && ex is not ClientResultException { Status: > 0 } && TransportFailure.IsTimeout(ex, elapsed, settings.Timeout))
            return Timeout(ex);
        return receivedChars > 0 || finished || IsBrokenConnection(ex) ? BrokenStream(ex, receivedChars) : Describe(ex);
    }

    private TailorException Timeout(Exception ex) => new(string.Create(CultureInfo.InvariantCulture,
        $"{Server} did not answer within {settings.Timeout.TotalSeconds:0.#} seconds (model \"{model}\", {Retries}); it may be overloaded or the model still loading. Try again, or raise openai.timeoutSeconds in the config file."), ex, TailorErrorKind.Upstream);

    /// <summary>A stream cut off mid-answer: say so, so the partial text is not taken for the answer.</summary>
    public TailorException BrokenStream(Exception? ex, int receivedChars)
    {
        var why = ex is null ? "it ended without a finish reason" : Innermost(ex).Message;
        var message = $"the answer from {Server} broke off after {receivedChars} characters ({why}); the answer is incomplete. Ask again, or use --fallback extractive to answer offline when the server fails.";
        return ex is null ? new TailorException(message, TailorErrorKind.Upstream) : new TailorException(message, ex, TailorErrorKind.Upstream);
    }

    private TailorException Status(ClientResultException ex)
    {
        var response = ex.GetRawResponse();
        var (message, code) = ServerError.Read(response?.Content?.ToString());
        var said = message is null ? "" : $": \"{message}\"";
        switch (ex.Status)
        {
            case 401 or 403:
                var keyName = settings.IsAzure ? "AZURE_OPENAI_API_KEY" : "OPENAI_API_KEY";
                var keyState = settings.ApiKey is null ? "no key is set" : $"the key comes from {settings.Origin}";
                return new TailorException($"{Server} refused the API key ({ex.Status}{said}); check {keyName} ({keyState}).", ex, TailorErrorKind.Unauthorized);
            case 404 when code is "model_not_found" || (message?.Contains("model", StringComparison.OrdinalIgnoreCase) ?? false):
                var hint = settings.IsAzure
                    ? "use the name of a deployment in your Azure OpenAI resource"
                    : $"check TAILOR_CHAT_MODEL (for Ollama, `ollama pull {model}` first; `ollama list` shows what is installed)";
                return new TailorException($"{Server} does not know the model \"{model}\" (404{said}); {hint}.", ex, TailorErrorKind.Upstream);
            case 404:
                return new TailorException($"{Server} has no chat completions route (404{said}); check that the base URL ends in /v1 (e.g. http://localhost:11434/v1) and is right ({settings.Origin}).", ex, TailorErrorKind.Upstream);
            case 429:
                var wait = RetryAfter(response);
                var when = wait is { } w
                    ? string.Create(CultureInfo.InvariantCulture, $"it asks to retry after {w.TotalSeconds:0.#} seconds")
                    : "wait a minute before trying again";
                return new TailorException($"{Server} is rate limiting requests (429{said}) and still was after {Retries}; {when}. Check your plan's limits if this persists.", ex, TailorErrorKind.Upstream);
            case >= 500:
                return new TailorException($"{Server} failed with HTTP {ex.Status}{said} after {Retries}; the problem is on the server. Try again later, or use --fallback extractive to answer offline.", ex, TailorErrorKind.Upstream);
            default:
                return new TailorException($"{Server} rejected the request for model \"{model}\" (HTTP {ex.Status}{said}).", ex, TailorErrorKind.Upstream);
        }
    }

    private static TimeSpan? RetryAfter(System.ClientModel.Primitives.PipelineResponse? response)
    {
        if (response is null) return null;
        if (response.Headers.TryGetValue("retry-after-ms", out var ms) && double.TryParse(ms, NumberStyles.Float, CultureInfo.InvariantCulture, out var millis))
            return TimeSpan.FromMilliseconds(millis);
        if (!response.Headers.TryGetValue("Retry-After", out var value) || value is null) return null;
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)) return TimeSpan.FromSeconds(seconds);
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            var left = at - DateTimeOffset.UtcNow;
            return left > TimeSpan.Zero ? left : TimeSpan.Zero;
        }
        return null;
    }

    private static T? Find<T>(Exception ex) where T : Exception
    {
        for (var e = ex; e != null; e = e.InnerException)
            if (e is T t) return t;
        return null;
    }

    private static Exception Innermost(Exception ex)
    {
        while (ex.InnerException != null) ex = ex.InnerException;
        return ex;
    }
}
