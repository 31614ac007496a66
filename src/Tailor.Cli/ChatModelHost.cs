using System.CommandLine;
using Tailor.Answering;
using Tailor.Chat;
using Tailor.OpenAI.Chat;
using Tailor.OpenAI.Configuration;

namespace Tailor.Cli;

/// <summary>
/// The chat-model options commands share (<c>--offline</c>, <c>--model</c>, <c>--context-window</c>,
/// <c>--answer-tokens</c>, <c>--prompt-dir</c>, <c>--fallback</c>) and the model they resolve to: the
/// configured OpenAI-compatible server when <c>TAILOR_CHAT_MODEL</c> (or <c>--model</c>) and a server are
/// set, else none (answers are extractive).
/// </summary>
internal sealed class ChatModelHost
{
    public Option<bool> Offline { get; } = new("--offline") { Description = "Answer with the offline extractive answerer even when a chat model is configured." };

    public Option<string?> Model { get; } = new("--model") { Description = "Chat model (or Azure deployment) to answer with; default: $TAILOR_CHAT_MODEL." };

    public Option<int?> ContextWindow { get; } = new("--context-window") { Description = "The model's context window in tokens (default: known per model, else 8192; $TAILOR_CONTEXT_WINDOW)." };

    public Option<int> AnswerTokens { get; } = new("--answer-tokens") { Description = "Tokens kept free for the answer, and its length limit.", DefaultValueFactory = _ => new GenerationOptions().AnswerTokens };

    public Option<string?> PromptDir { get; } = new("--prompt-dir") { Description = "Folder with system.md / question.md replacing the built-in prompts (default: the knowledge base's prompts/ folder)." };

    public Option<string> FallbackOption { get; } = CreateFallback();

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(Offline);
        command.Options.Add(Model);
        command.Options.Add(ContextWindow);
        command.Options.Add(AnswerTokens);
        command.Options.Add(PromptDir);
        command.Options.Add(FallbackOption);
    }

    /// <summary>What a failing server's answers fall back to (--fallback).</summary>
    public AnswerFallback Fallback(ParseResult parse) => parse.GetValue(FallbackOption) == "extractive" ? AnswerFallback.Extractive : AnswerFallback.None;

    /// <summary>The generation options given on the command line.</summary>
    public GenerationOptions Generation(ParseResult parse)
    {
        var options = new GenerationOptions
        {
            AnswerTokens = parse.GetValue(AnswerTokens),
            ContextWindow = parse.GetValue(ContextWindow),
            PromptDirectory = parse.GetValue(PromptDir) is { Length: > 0 } dir ? Path.GetFullPath(dir) : null,
        };
        options.Validate();
        return options;
    }

    /// <summary>The chat model to answer with, or null for extractive answers (offline, or none configured).</summary>
    public IChatModel? Resolve(ParseResult parse)
    {
        if (parse.GetValue(Offline)) return null;
        var settings = OpenAiSettings.Resolve();
        if (parse.GetValue(Model) is { Length: > 0 } model) settings = settings with { ChatModel = model };
        if (parse.GetValue(ContextWindow) is { } window) settings = settings with { ContextWindow = window };
        settings.Validate();
        if (string.IsNullOrWhiteSpace(settings.ChatModel)) return null;
        if (!settings.HasServer)
        {
            throw new TailorException($"a chat model (\"{settings.ChatModel}\") is set but no server: set OPENAI_BASE_URL (e.g. http://localhost:11434/v1 for Ollama), OPENAI_API_KEY for OpenAI, or AZURE_OPENAI_ENDPOINT; or pass --offline.");
        }
        return new OpenAiChatModel(settings);
    }

    private static Option<string> CreateFallback()
    {
        var option = new Option<string>("--fallback") { Description = "What to do when the model server fails: none (fail) or extractive (answer offline, saying so).", DefaultValueFactory = _ => "none" };
        option.AcceptOnlyFromAmong("none", "extractive");
        return option;
    }
}
