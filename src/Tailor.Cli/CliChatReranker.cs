using Tailor.Retrieval;

namespace Tailor.Cli;

/// <summary>The chat-model reranker, when a chat model is configured.</summary>
internal static class CliChatReranker
{
    public static IReranker? Create() => null;
}
