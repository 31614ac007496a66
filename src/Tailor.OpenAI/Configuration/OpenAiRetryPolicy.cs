using System.ClientModel.Primitives;
using System.Globalization;

namespace Tailor.OpenAI.Configuration;

/// <summary>
/// The SDK's retry policy (429, 5xx and network errors; exponential backoff with jitter; honours
/// <c>Retry-After</c>), extended to honour the millisecond hints OpenAI and Azure OpenAI send:
/// <c>retry-after-ms</c> and <c>x-ms-retry-after-ms</c>. A hint is capped at <see cref="MaxHint"/>.
/// </summary>
internal sealed class OpenAiRetryPolicy(int maxRetries) : ClientRetryPolicy(maxRetries)
{
    /// <summary>Longest wait a server hint can ask for.</summary>
    public static readonly TimeSpan MaxHint = TimeSpan.FromMinutes(2);

    protected override TimeSpan GetNextDelay(PipelineMessage message, int tryCount)
    {
        var headers = message.Response?.Headers;
        if (headers != null)
        {
            foreach (var name in (ReadOnlySpan<string>)["retry-after-ms", "x-ms-retry-after-ms"])
            {
                if (headers.TryGetValue(name, out var value)
                    && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var ms) && ms >= 0)
                    return TimeSpan.FromMilliseconds(Math.Min(ms, MaxHint.TotalMilliseconds));
            }
        }
        return base.GetNextDelay(message, tryCount);
    }
}
