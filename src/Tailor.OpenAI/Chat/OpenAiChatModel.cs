using System.ClientModel;
using System.Runtime.CompilerServices;
using OpenAI.Chat;
using Tailor.Chat;
using Tailor.OpenAI.Configuration;
using SdkMessage = OpenAI.Chat.ChatMessage;
using TailorMessage = Tailor.Chat.ChatMessage;
using TailorCompletion = Tailor.Chat.ChatCompletion;

namespace Tailor.OpenAI.Chat;

/// <summary>
/// <see cref="IChatModel"/> over the OpenAI SDK's <see cref="ChatClient"/>: OpenAI, Azure OpenAI (the
/// model name is the deployment; the API version comes from the settings) and any server speaking
/// <c>/v1/chat/completions</c> (Ollama, vLLM, llama.cpp). Retries and timeouts come from
/// <see cref="OpenAiSettings"/>; whatever still fails becomes a <see cref="TailorException"/> that says
/// what happened and what to do. A stream that breaks or ends without a finish reason throws too:
/// half an answer is never passed off as a whole one.
/// </summary>
public sealed class OpenAiChatModel : IChatModel
{
    private readonly ChatClient _client;
    private readonly ChatFaults _faults;

    /// <summary>A chat model for <paramref name="model"/> (default: <see cref="OpenAiSettings.ChatModel"/>).</summary>
    public OpenAiChatModel(OpenAiSettings settings, string? model = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        model ??= settings.ChatModel;
        if (string.IsNullOrWhiteSpace(model))
            throw new TailorException($"no chat model is configured ({settings.Origin}); set TAILOR_CHAT_MODEL (e.g. gpt-4o-mini, or llama3.1:8b for Ollama) or openai.chatModel in the config file.");
        ModelId = model;
        ContextWindow = ModelContextWindows.For(model, settings.ContextWindow);
        _client = OpenAiClientFactory.Create(settings, model).GetChatClient(model);
        _faults = new ChatFaults(model, settings);
    }

    public string ModelId { get; }

    public int ContextWindow { get; }

    public async Task<TailorCompletion> CompleteAsync(IReadOnlyList<TailorMessage> messages, ChatRequestOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        global::OpenAI.Chat.ChatCompletion completion;
        long sent = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            completion = (await _client.CompleteChatAsync(Convert(messages), Convert(options), cancellationToken).ConfigureAwait(false)).Value;
        }
        catch (Exception ex) when (ChatFaults.IsFault(ex, cancellationToken))
        {
            throw _faults.Describe(ex, System.Diagnostics.Stopwatch.GetElapsedTime(sent));
        }
        var text = string.Concat(completion.Content.Where(p => p.Kind == ChatMessageContentPartKind.Text).Select(p => p.Text));
        var usage = completion.Usage is { } u ? new ChatUsage(u.InputTokenCount, u.OutputTokenCount) : null;
        return new TailorCompletion(text, string.IsNullOrEmpty(completion.Model) ? ModelId : completion.Model, usage, FinishReason(completion.FinishReason));
    }

    public async IAsyncEnumerable<ChatUpdate> StreamAsync(IReadOnlyList<TailorMessage> messages, ChatRequestOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        IAsyncEnumerator<StreamingChatCompletionUpdate>? enumerator = null;
        int received = 0;
        bool finished = false;
        var started = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            // C# cannot yield inside a try with a catch: step the enumerator by hand and yield outside.
            try
            {
                enumerator = _client.CompleteChatStreamingAsync(Convert(messages), Convert(options), cancellationToken).GetAsyncEnumerator(cancellationToken);
            }
            catch (Exception ex) when (ChatFaults.IsFault(ex, cancellationToken))
            {
                throw _faults.Describe(ex);
            }
            while (true)
            {
                StreamingChatCompletionUpdate update;
                try
                {
                    if (!await enumerator.MoveNextAsync().ConfigureAwait(false)) break;
                    update = enumerator.Current;
                    started.Restart(); // the timeout is measured from the last update, not from the request
                }
                catch (Exception ex) when (ChatFaults.IsFault(ex, cancellationToken))
                {
                    throw _faults.DuringStream(ex, received, finished, started.Elapsed);
                }
                var text = string.Concat(update.ContentUpdate.Where(p => p.Kind == ChatMessageContentPartKind.Text).Select(p => p.Text));
                received += text.Length;
                var finish = FinishReason(update.FinishReason);
                finished |= finish != null;
                var usage = update.Usage is { } u ? new ChatUsage(u.InputTokenCount, u.OutputTokenCount) : null;
                if (text.Length > 0 || finish != null || usage != null) yield return new ChatUpdate(text, usage, finish);
            }
        }
        finally
        {
            if (enumerator != null) await enumerator.DisposeAsync().ConfigureAwait(false);
        }
        if (!finished) throw _faults.BrokenStream(null, received);
    }

    private static List<SdkMessage> Convert(IReadOnlyList<TailorMessage> messages)
    {
        var list = new List<SdkMessage>(messages.Count);
        foreach (var m in messages)
        {
            list.Add(m.Role switch
            {
                ChatRole.System => new SystemChatMessage(m.Content),
                ChatRole.User => new UserChatMessage(m.Content),
                ChatRole.Assistant => new AssistantChatMessage(m.Content),
                _ => throw new ArgumentOutOfRangeException(nameof(messages), m.Role, "unknown chat role"),
            });
        }
        return list;
    }

    private static ChatCompletionOptions Convert(ChatRequestOptions? options)
    {
        var result = new ChatCompletionOptions();
        if (options is null) return result;
        if (options.MaxOutputTokens is { } max) result.MaxOutputTokenCount = max;
        if (options.Temperature is { } t) result.Temperature = t;
        foreach (var stop in options.Stop) result.StopSequences.Add(stop);
        return result;
    }

    private static string? FinishReason(ChatFinishReason? reason) => reason switch
    {
        null => null,
        ChatFinishReason.Stop => "stop",
        ChatFinishReason.Length => "length",
        ChatFinishReason.ContentFilter => "content_filter",
        ChatFinishReason.ToolCalls => "tool_calls",
        ChatFinishReason.FunctionCall => "function_call",
        _ => reason.Value.ToString().ToLowerInvariant(),
    };
}
