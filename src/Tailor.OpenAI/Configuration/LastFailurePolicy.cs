using System.ClientModel.Primitives;
using System.Runtime.ExceptionServices;

namespace Tailor.OpenAI.Configuration;

/// <summary>
/// Sits outside the retry policy. When every try failed without a response (refused, timed out, cut off), the
/// SDK's retry policy throws an <see cref="AggregateException"/> of all the tries; this policy throws the last
/// try's exception instead, so a network failure reads the same with or without retries and each client's own
/// fault handling (timeout, unreachable server, broken connection) applies.
/// </summary>
internal sealed class LastFailurePolicy : PipelinePolicy
{
    public static readonly LastFailurePolicy Instance = new();

    public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        try
        {
            ProcessNext(message, pipeline, currentIndex);
        }
        catch (AggregateException ex) when (ex.InnerExceptions.Count > 0)
        {
            ExceptionDispatchInfo.Throw(ex.InnerExceptions[^1]);
        }
    }

    public override async ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        try
        {
            await ProcessNextAsync(message, pipeline, currentIndex).ConfigureAwait(false);
        }
        catch (AggregateException ex) when (ex.InnerExceptions.Count > 0)
        {
            ExceptionDispatchInfo.Throw(ex.InnerExceptions[^1]);
        }
    }
}
