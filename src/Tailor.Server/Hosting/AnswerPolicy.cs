using System.Diagnostics;
using Tailor.Chat;
using Tailor.Server.Operations;
using Tailor.Tokenization;

namespace Tailor.Server.Hosting;

/// <summary>
/// What the server answers with: the configured chat model (none: the offline extractive answerer) and the prices its
/// answers are costed at. Every endpoint that answers (ask, session turns, chat completions) passes these to the
/// library, so the server answers as <c>tailor ask</c> and <c>tailor chat</c> do.
/// </summary>
public sealed class AnswerPolicy(ServerOptions options)
{
    public IChatModel? Model => options.ChatModel;

    public PriceTable Prices { get; } = PriceTable.Resolve();

    /// <summary>A span around one answer, tagged with the model that writes it.</summary>
    public Activity? StartActivity() => ServerMetrics.Activities.StartActivity("answer")?.SetTag("tailor.model", Model?.ModelId ?? "extractive");
}
