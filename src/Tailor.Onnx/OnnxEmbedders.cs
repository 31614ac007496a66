using Tailor.Embedding;

namespace Tailor.Onnx;

/// <summary>
/// Lets the core reopen knowledge bases embedded with a pretrained model: after
/// <see cref="Register"/>, <c>KnowledgeBase.OpenExisting</c> creates the <see cref="OnnxEmbedder"/> its
/// manifest records when the host passes no embedder.
/// </summary>
public static class OnnxEmbedders
{
    /// <param name="threads">ONNX Runtime intra-op threads per model (default: one per processor).</param>
    public static void Register(int? threads = null) => PretrainedEmbedders.Register(name => OnnxEmbedder.Create(name, threads));
}
