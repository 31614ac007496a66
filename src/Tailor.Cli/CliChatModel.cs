using Tailor.Chat;
using Tailor.Sessions;
using Tailor.Tokenization;

namespace Tailor.Cli;

/// <summary>The configured chat model and the answerer over it (null when no chat model is configured).</summary>
internal static class CliChatModel
{
    public static IChatModel? TryCreate() => null;

    public static TurnAnswerer Answerer(IChatModel model, KnowledgeBase kb) =>
        throw new TailorException($"generated answers with {model.ModelId} are not available in this build; pass --offline.");

    public static ITokenCounter Counter(IChatModel model) => EstimatingTokenCounter.Instance;
}
