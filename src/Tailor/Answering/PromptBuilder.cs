using System.Globalization;
using System.Text;
using Tailor.Chat;
using Tailor.Retrieval;
using Tailor.Tokenization;

namespace Tailor.Answering;

/// <summary>
/// Builds the messages of a generated answer: the system rules, few-shot examples as user/assistant
/// pairs, the conversation so far, and last the numbered sources with the question. Each source is
/// wrapped in <c>&lt;source id="n" title=".." section=".." link=".."&gt;…&lt;/source&gt;</c>; text inside
/// that looks like a source delimiter is escaped, so a document cannot close its source early or
/// open a new one. The prompt is fitted to the context window minus the tokens reserved for the
/// answer: the weakest hits go first (at least one stays), then the oldest history, then the
/// least similar examples; a window too small even then is an error.
/// </summary>
public sealed class PromptBuilder
{
    /// <summary>Tokens a chat message costs beyond its content (role and separators), as OpenAI counts them.</summary>
    public const int MessageOverhead = 4;

    /// <summary>Tokens that prime the assistant's reply.</summary>
    public const int ReplyPriming = 3;

    private readonly PromptTemplates _templates;
    private readonly ITokenCounter _counter;

    public PromptBuilder(PromptTemplates templates, ITokenCounter counter)
    {
        ArgumentNullException.ThrowIfNull(templates);
        ArgumentNullException.ThrowIfNull(counter);
        templates.Validate();
        _templates = templates;
        _counter = counter;
    }

    /// <summary>The counter prompt sizes are measured with.</summary>
    public ITokenCounter Counter => _counter;

    /// <summary>
    /// The prompt for <paramref name="question"/> over <paramref name="hits"/> (best first), within
    /// <paramref name="contextWindow"/> tokens of which <paramref name="answerTokens"/> stay free for the reply.
    /// </summary>
    public Prompt Build(string question, IReadOnlyList<Hit> hits, int contextWindow, int answerTokens,
        IReadOnlyList<FewShotExample>? examples = null, IReadOnlyList<ChatMessage>? history = null)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(hits);
        examples ??= [];
        history ??= [];
        int budget = contextWindow - answerTokens;
        if (budget <= 0)
            throw new TailorException($"the context window ({contextWindow} tokens) leaves no room for a prompt after the {answerTokens} tokens reserved for the answer; lower --answer-tokens or raise --context-window.");

        var blocks = new string[hits.Count];
        for (int i = 0; i < hits.Count; i++) blocks[i] = FormatSource(i + 1, hits[i]);
        var system = _templates.RenderSystem();

        // Reductions in order: drop hits from the weakest down to one, then history messages from the
        // oldest, then examples from the last. Step s applies the first s reductions; the size shrinks
        // as s grows, so the fewest reductions that fit are found by binary search over exact counts.
        int hitSteps = Math.Max(0, hits.Count - 1);
        int steps = hitSteps + history.Count + examples.Count;
        (int Keep, int HistoryStart, int ExampleCount) At(int s)
        {
            int keep = hits.Count - Math.Min(s, hitSteps);
            s -= Math.Min(s, hitSteps);
            int historyStart = Math.Min(s, history.Count);
            s -= historyStart;
            // history resumes with a user message, not with a reply to a dropped question
            while (historyStart > 0 && historyStart < history.Count && history[historyStart].Role != ChatRole.User) historyStart++;
            return (keep, historyStart, examples.Count - Math.Min(s, examples.Count));
        }
        (List<ChatMessage> Messages, int Tokens) Assemble(int s)
        {
            var (keep, historyStart, exampleCount) = At(s);
            var messages = new List<ChatMessage>(2 + 2 * exampleCount + history.Count - historyStart) { ChatMessage.System(system) };
            for (int i = 0; i < exampleCount; i++)
            {
                messages.Add(ChatMessage.User(examples[i].Input));
                messages.Add(ChatMessage.Assistant(examples[i].Output));
            }
            for (int i = historyStart; i < history.Count; i++) messages.Add(history[i]);
            messages.Add(ChatMessage.User(_templates.RenderQuestion(string.Join("\n\n", blocks.Take(keep)), question)));
            return (messages, Count(messages));
        }

        var full = Assemble(0);
        if (full.Tokens <= budget) return new Prompt(full.Messages, hits, full.Tokens);
        int lo = 1, hi = steps;
        var last = Assemble(steps);
        if (last.Tokens > budget)
        {
            throw new TailorException(string.Create(CultureInfo.InvariantCulture,
                $"the prompt does not fit the model's context window: the rules, the question and the best source alone take {last.Tokens} tokens, and the window ({contextWindow}) minus the answer reserve ({answerTokens}) leaves {budget}. Raise --context-window if the model allows more, lower --answer-tokens, or ingest with smaller chunks (--chunk-tokens)."));
        }
        while (lo < hi)
        {
            int mid = lo + (hi - lo) / 2;
            if (Assemble(mid).Tokens <= budget) hi = mid;
            else lo = mid + 1;
        }
        var (messages, tokens) = lo == steps ? last : Assemble(lo);
        var (kept, start, exampleKept) = At(lo);
        return new Prompt(messages, hits.Take(kept).ToList(), tokens, hits.Count - kept, start, examples.Count - exampleKept);
    }

    /// <summary>Prompt tokens of <paramref name="messages"/>, per-message overhead and reply priming included.</summary>
    public int Count(IReadOnlyList<ChatMessage> messages)
    {
        int total = ReplyPriming;
        foreach (var m in messages) total += _counter.CountTokens(m.Content) + MessageOverhead;
        return total;
    }

    /// <summary>One source as the model sees it: delimited, numbered, with its title, section path and link.</summary>
    public static string FormatSource(int n, Hit hit)
    {
        var sb = new StringBuilder(hit.Text.Length + 128);
        sb.Append("<source id=\"").Append(n.ToString(CultureInfo.InvariantCulture)).Append('"');
        Attribute(sb, "title", hit.Title);
        Attribute(sb, "section", hit.Section);
        Attribute(sb, "link", hit.Link);
        sb.Append(">\n").Append(EscapeText(hit.Text.Trim())).Append("\n</source>");
        return sb.ToString();
    }

    /// <summary>
    /// Escapes what could pass for a source delimiter inside a document: every '&lt;' that starts
    /// <c>source</c> or <c>/source</c> (any case, spaces allowed) becomes <c>&amp;lt;</c>. Other text is left as written.
    /// </summary>
    public static string EscapeText(string text)
    {
        StringBuilder? sb = null;
        int copied = 0;
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] != '<' || !StartsDelimiter(text, i + 1)) continue;
            sb ??= new StringBuilder(text.Length + 16);
            sb.Append(text, copied, i - copied).Append("&lt;");
            copied = i + 1;
        }
        if (sb is null) return text;
        sb.Append(text, copied, text.Length - copied);
        return sb.ToString();
    }

    private static bool StartsDelimiter(string text, int at)
    {
        while (at < text.Length && char.IsWhiteSpace(text[at])) at++;
        if (at < text.Length && text[at] == '/') at++;
        while (at < text.Length && char.IsWhiteSpace(text[at])) at++;
        return string.Compare(text, at, "source", 0, 6, StringComparison.OrdinalIgnoreCase) == 0;
    }

    private static void Attribute(StringBuilder sb, string name, string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return;
        sb.Append(' ').Append(name).Append("=\"");
        foreach (char c in value.Trim())
        {
            switch (c)
            {
                case '"': sb.Append("&quot;"); break;
                case '<': sb.Append("&lt;"); break;
                case '&': sb.Append("&amp;"); break;
                case '\r' or '\n' or '\t': sb.Append(' '); break;
                default: sb.Append(c); break;
            }
        }
        sb.Append('"');
    }
}
