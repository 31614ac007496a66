using Tailor.Embedding;

namespace Tailor.Onnx;

/// <summary>
/// Lets the core reopen knowledge bases embedded with a pretrained model: after
/// <see cref="Register"/>, <c>KnowledgeBase.OpenExisting</c> creates the <see cref="OnnxEmbedder"/> its
/// manifest records when the host passes no embedder.
/// </summary>
public static class OnnxEmbedders
{
    public static void Register() => PretrainedEmbedders.Register(name => OnnxEmbedder.Create(name));
}
