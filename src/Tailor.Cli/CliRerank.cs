using System.CommandLine;
using Tailor.OpenAI.Chat;
using Tailor.OpenAI.Configuration;
using Tailor.OpenAI.Reranking;
using Tailor.Retrieval;

namespace Tailor.Cli;

/// <summary>The <c>--rerank</c> options of search, ask and chat, and the reranker they choose.</summary>
internal static class CliRerank
{
    public static Option<bool> Rerank() => new("--rerank")
    {
        Description = "Rerank the top fused hits: with the cross-encoder at TAILOR_RERANK_URL (tei or cohere format), else by asking the chat model (TAILOR_CHAT_MODEL).",
    };

    public static Option<int> Depth() => new("--rerank-depth")
    {
        Description = "How many fused hits the reranker scores.",
        DefaultValueFactory = _ => new SearchOptions().RerankDepth,
    };

    /// <summary>The configured reranker: HTTP when TAILOR_RERANK_URL (or the config file) names one, else the chat model.</summary>
    public static IReranker Create()
    {
        var settings = RerankSettings.Resolve();
        if (settings.IsConfigured) return new HttpReranker(settings);
        var openAi = OpenAiSettings.Resolve();
        if (openAi.HasChatModel) return new ChatModelReranker(new OpenAiChatModel(openAi));
        throw new TailorException("--rerank needs a reranker: set TAILOR_RERANK_URL to a text-embeddings-inference or Cohere/Jina-compatible /rerank server, or configure a chat model (OPENAI_BASE_URL or OPENAI_API_KEY, and TAILOR_CHAT_MODEL).");
    }
}
