using System.CommandLine;
using System.Text.Json;
using Tailor.Answering;
using Tailor.Chat;
using Tailor.Retrieval;
using Tailor.Sessions;

namespace Tailor.Cli.Commands;

internal static class ChatCommand
{
    public const string DefaultSession = "default";

    private static readonly JsonSerializerOptions JsonLine = new(CliJson.Options) { WriteIndented = false };

    public static Command Create()
    {
        var kb = CliOptions.KnowledgeBase();
        var json = new Option<bool>("--json") { Description = "Write one JSON object per turn (JSON Lines), for scripts." };
        var session = new Option<string>("--session") { Description = "Session name; the conversation is stored in the knowledge base and continues next time.", DefaultValueFactory = _ => DefaultSession };
        var historyTokens = new Option<int>("--history-tokens") { Description = "Tokens of earlier turns the prompt may carry (oldest dropped first).", DefaultValueFactory = _ => new ConversationOptions().HistoryTokens };
        var examples = new Option<int>("--examples") { Description = "Few-shot examples chosen per question from `tailor examples`.", DefaultValueFactory = _ => new ConversationOptions().Examples };
        var command = new Command("chat",
            "Chat with your documents: answers streamed with [n] citations, follow-ups understood from the conversation. " +
            "On a terminal: type questions; /sources shows the last answer's sources, /reset forgets the conversation, /exit quits. " +
            "With standard input redirected, each line is a question (or a /command). Needs a chat model (TAILOR_CHAT_MODEL + OPENAI_BASE_URL or OPENAI_API_KEY) unless --offline.")
        {
            kb, json, session, historyTokens, examples,
        };
        var retrieval = new RetrievalOptionSet(new AskOptions().K, "Chunks retrieved per question.").AddTo(command);
        var chat = new ChatModelHost();
        chat.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            using var kbase = KnowledgeBase.OpenExisting(CliOptions.ResolveKb(parse.GetValue(kb)), EmbedderHost.Resolve());
            var search = retrieval.Resolve(parse);
            using var disposeReranker = search.Reranker as IDisposable;
            var options = new ConversationOptions
            {
                Ask = new AskOptions().WithSearch(search),
                HistoryTokens = parse.GetValue(historyTokens),
                Examples = parse.GetValue(examples),
            };
            var name = parse.GetValue(session)!;
            var offline = CliConversation.Offline(kbase, name, options);
            Conversation conversation;
            string by = "the extractive answerer (offline)";
            if (parse.GetValue(chat.Offline)) conversation = offline;
            else
            {
                var model = chat.Resolve(parse)
                    ?? throw new TailorException("chat needs a chat model: set TAILOR_CHAT_MODEL and OPENAI_BASE_URL (e.g. http://localhost:11434/v1 for Ollama) or OPENAI_API_KEY; or pass --offline for extractive answers quoted from your documents.");
                conversation = CliConversation.WithModel(kbase, name, model, chat, parse, options);
                by = model.ModelId;
            }
            return await RunLoopAsync(conversation, by, chat.FallsBack(parse) ? offline : null, parse.GetValue(json), ct);
        });
        return command;
    }

    /// <param name="fallback">Answers a turn offline when the model server fails (--fallback extractive); null: the error ends a redirected run, and is shown at a terminal.</param>
    private static async Task<int> RunLoopAsync(Conversation conversation, string by, Conversation? fallback, bool json, CancellationToken ct)
    {
        bool interactive = !Console.IsInputRedirected && !json;
        if (interactive)
        {
            int earlier = conversation.History.Count;
            Console.Out.WriteLine($"Chatting with {by} in session \"{conversation.Session}\"{(earlier > 0 ? $" ({earlier} earlier messages)" : "")}. /sources, /reset, /exit.");
        }
        Answer? last = null;
        while (true)
        {
            if (interactive) Console.Out.Write("\nyou> ");
            var line = await Console.In.ReadLineAsync(ct);
            if (line is null) break;
            line = line.Trim();
            if (line.Length == 0) continue;
            if (line.StartsWith('/'))
            {
                switch (line.ToLowerInvariant())
                {
                    case "/exit" or "/quit":
                        return 0;
                    case "/reset":
                        int removed = conversation.Reset();
                        last = null;
                        if (json) WriteJsonLine(new { command = "reset", removed });
                        else Console.Out.WriteLine($"Forgot {removed} messages of session \"{conversation.Session}\".");
                        continue;
                    case "/sources":
                        if (json) WriteJsonLine(new { command = "sources", sources = (last?.Sources ?? []).Select(h => new { document_id = h.DocumentId, link = h.Link, score = Math.Round(h.Score, 6) }) });
                        else PrintSources(last);
                        continue;
                    default:
                        Console.Error.WriteLine($"tailor: unknown command {line}; use /sources, /reset or /exit.");
                        continue;
                }
            }
            try
            {
                last = (await AnswerAsync(conversation, line, json, interactive, ct)).Answer;
            }
            catch (TailorException ex) when (fallback != null || interactive)
            {
                Console.Out.WriteLine();
                Console.Error.WriteLine($"tailor: {ex.Message}");
                if (fallback is null) continue;
                Console.Error.WriteLine("note: answering offline with the extractive answerer instead (--fallback extractive).");
                last = (await AnswerAsync(fallback, line, json, interactive, ct)).Answer;
            }
        }
        return 0;
    }

    /// <summary>`tailor ask --session NAME`: one turn of a stored conversation, with the model when there is one, else extractive.</summary>
    internal static async Task<int> AskInSessionAsync(KnowledgeBase kb, string session, string question, IChatModel? model, ChatModelHost chat, ParseResult parse,
        AskOptions ask, bool json, CancellationToken ct)
    {
        var options = new ConversationOptions { Ask = ask };
        var conversation = model is null ? CliConversation.Offline(kb, session, options) : CliConversation.WithModel(kb, session, model, chat, parse, options);
        try
        {
            await AnswerAsync(conversation, question, json, interactive: false, ct);
        }
        catch (TailorException ex) when (model != null && chat.FallsBack(parse))
        {
            Console.Error.WriteLine($"tailor: {ex.Message}");
            Console.Error.WriteLine("note: answering offline with the extractive answerer instead (--fallback extractive).");
            await AnswerAsync(CliConversation.Offline(kb, session, options), question, json, interactive: false, ct);
        }
        return 0;
    }

    /// <summary>Answers one question in the conversation and prints it (streamed in text mode, one JSON line in JSON mode).</summary>
    internal static async Task<ChatTurn> AnswerAsync(Conversation conversation, string question, bool json, bool interactive, CancellationToken ct)
    {
        bool streamed = false;
        Action<string>? onText = json ? null : piece =>
        {
            streamed = true;
            Console.Out.Write(piece);
            Console.Out.Flush();
        };
        if (!json && interactive) Console.Out.WriteLine();
        var turn = await conversation.AskAsync(question, onText, ct);
        if (json)
        {
            WriteJsonLine(TurnJson(conversation.Session, turn));
            return turn;
        }
        if (!streamed) Console.Out.Write(turn.Answer.Text);
        Console.Out.WriteLine();
        if (!string.Equals(turn.SearchQuery, turn.Question, StringComparison.Ordinal))
            Console.Out.WriteLine($"(searched for: {turn.SearchQuery})");
        if (turn.Answer.Citations.Count > 0)
        {
            Console.Out.WriteLine("Sources:");
            foreach (var group in turn.Answer.Citations.GroupBy(c => c.N).OrderBy(g => g.Key))
                Console.Out.WriteLine($"  [{group.Key}] {group.First().Link}");
        }
        return turn;
    }

    internal static TurnJson TurnJson(string session, ChatTurn turn) => Cli.TurnJson.From(session, turn);

    private static void PrintSources(Answer? answer)
    {
        if (answer is null || answer.Sources.Count == 0)
        {
            Console.Out.WriteLine("No sources yet: ask a question first.");
            return;
        }
        int rank = 0;
        foreach (var h in answer.Sources)
        {
            rank++;
            Console.Out.WriteLine($"{rank,2}. {h.Score:F3}  {h.Link}");
            Console.Out.WriteLine($"    {SearchCommand.Snippet(h.Text, 160)}");
        }
    }

    private static void WriteJsonLine<T>(T value)
    {
        Console.Out.WriteLine(JsonSerializer.Serialize(value, JsonLine));
        Console.Out.Flush();
    }
}
