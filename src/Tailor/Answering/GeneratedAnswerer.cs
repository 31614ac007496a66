using System.Globalization;
using System.Text;
using Tailor.Chat;
using Tailor.Retrieval;
using Tailor.Tokenization;

namespace Tailor.Answering;

/// <summary>
/// Answers with a chat model: question + hits (+ few-shot examples, + conversation history) →
/// prompt fitted to the model's window (<see cref="PromptBuilder"/>) → the model, streamed →
/// citation markers renumbered in order of first use, invalid ones removed and reported
/// (<see cref="CitationRenumberer"/>) → citations with quotes, uncited sentences
/// (<see cref="CitationChecker"/>) → <see cref="Answer"/> with usage (the server's, else counted) and cost.
/// Failures of the model (<see cref="TailorException"/> from <see cref="IChatModel"/>) propagate: a
/// broken stream is never returned as a whole answer.
/// </summary>
public sealed class GeneratedAnswerer
{
    private readonly IChatModel _model;
    private readonly PromptBuilder _builder;
    private readonly CitationChecker _checker;
    private readonly PriceTable _prices;

    /// <param name="model">The chat model.</param>
    /// <param name="analyze">Term function for matching claims to quotes (the knowledge base's analyzer); null: lowercase words.</param>
    /// <param name="options">Answer reserve, window override, temperature.</param>
    /// <param name="templates">Prompt templates; null: built-in.</param>
    /// <param name="counter">Token counter for the prompt; null: the model's encoding (<see cref="TokenCounters.ForModel"/>).</param>
    /// <param name="prices">Price table for the cost; null: <see cref="PriceTable.Default"/>.</param>
    public GeneratedAnswerer(IChatModel model, Func<string, IReadOnlyList<string>>? analyze = null, GenerationOptions? options = null,
        PromptTemplates? templates = null, ITokenCounter? counter = null, PriceTable? prices = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        Options = options ?? new GenerationOptions();
        Options.Validate();
        _model = model;
        _builder = new PromptBuilder(templates ?? PromptTemplates.Default, counter ?? TokenCounters.ForModel(model.ModelId));
        _checker = new CitationChecker(analyze ?? Words);
        _prices = prices ?? PriceTable.Default;
    }

    public GenerationOptions Options { get; }

    /// <summary>The model's id.</summary>
    public string ModelId => _model.ModelId;

    /// <summary>The chat model answers are generated with.</summary>
    internal IChatModel Model => _model;

    /// <summary>The cost of <paramref name="usage"/> on this model (null when no price is known).</summary>
    internal decimal? Cost(ChatUsage? usage) =>
        usage is not null && _prices.TryGetPrice(_model.ModelId, out var price) ? price!.Cost(usage.InputTokens, usage.OutputTokens) : null;

    /// <summary>The window prompts are fitted to: the override, else the model's.</summary>
    public int ContextWindow => Options.ContextWindow ?? _model.ContextWindow;

    /// <summary>The prompt that <see cref="AnswerAsync"/> would send (for inspection and tests).</summary>
    public Prompt BuildPrompt(string question, IReadOnlyList<Hit> hits, IReadOnlyList<FewShotExample>? examples = null, IReadOnlyList<ChatMessage>? history = null) =>
        _builder.Build(question, hits, ContextWindow, Options.AnswerTokens, examples, history);

    /// <summary>
    /// Answers <paramref name="question"/> from <paramref name="hits"/> (best first). <paramref name="examples"/>
    /// are shown as user/assistant pairs before the question, <paramref name="history"/> (earlier turns,
    /// oldest first, without system messages) after them. <paramref name="onText"/> receives the answer as
    /// it is written, markers already renumbered; the pieces add up to <see cref="Answer.Text"/>.
    /// </summary>
    public async Task<Answer> AnswerAsync(string question, IReadOnlyList<Hit> hits,
        IReadOnlyList<FewShotExample>? examples = null, IReadOnlyList<ChatMessage>? history = null,
        Action<string>? onText = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(hits);
        if (string.IsNullOrWhiteSpace(question)) throw new TailorException("the question is empty; ask something.");
        if (hits.Count == 0) return Answer.NotFound("No chunk in the knowledge base matched the question, so the model was not asked.", hits, _model.ModelId);

        var prompt = BuildPrompt(question, hits, examples, history);
        var renumberer = new CitationRenumberer(prompt.Sources.Count);
        var raw = new StringBuilder();
        var text = new StringBuilder();
        ChatUsage? usage = null;
        string? finish = null;
        var request = new ChatRequestOptions { MaxOutputTokens = Options.AnswerTokens, Temperature = Options.Temperature };
        await foreach (var update in _model.StreamAsync(prompt.Messages, request, ct).ConfigureAwait(false))
        {
            usage = update.Usage ?? usage;
            finish = update.FinishReason ?? finish;
            if (update.Text.Length == 0) continue;
            raw.Append(update.Text);
            Emit(renumberer.Push(update.Text));
        }
        Emit(renumberer.Flush().TrimEnd());

        usage ??= new ChatUsage(prompt.InputTokens, _builder.Counter.CountTokens(raw.ToString()), Estimated: true);
        var cited = renumberer.Order.Select(n => prompt.Sources[n - 1]).ToList();
        var answerText = text.ToString();
        var (citations, uncited) = _checker.Check(answerText, cited);
        decimal? cost = _prices.TryGetPrice(_model.ModelId, out var price) ? price!.Cost(usage.InputTokens, usage.OutputTokens) : null;
        string? reason = citations.Count > 0 ? null : "The model's answer cites none of the sources (it may say that they do not hold the answer).";
        if (finish == "length")
            reason = (reason is null ? "" : reason + " ") + string.Create(CultureInfo.InvariantCulture, $"The answer was cut off at the {Options.AnswerTokens}-token limit (--answer-tokens).");
        return new Answer
        {
            Text = answerText,
            Citations = citations,
            Model = _model.ModelId,
            Found = citations.Count > 0,
            Sources = prompt.Sources,
            Reason = reason,
            Usage = usage,
            CostUsd = cost,
            InvalidCitations = renumberer.Invalid.ToList(),
            Uncited = uncited,
        };

        void Emit(string piece)
        {
            if (piece.Length == 0) return;
            if (text.Length == 0) piece = piece.TrimStart();
            if (piece.Length == 0) return;
            text.Append(piece);
            onText?.Invoke(piece);
        }
    }

    /// <summary>Lowercase words of two letters or more: the fallback term function.</summary>
    private static IReadOnlyList<string> Words(string text)
    {
        var words = new List<string>();
        int start = -1;
        for (int i = 0; i <= text.Length; i++)
        {
            bool letter = i < text.Length && char.IsLetterOrDigit(text[i]);
            if (letter && start < 0) start = i;
            else if (!letter && start >= 0)
            {
                if (i - start >= 2) words.Add(text[start..i].ToLowerInvariant());
                start = -1;
            }
        }
        return words;
    }
}
