using System.Collections.Concurrent;
using Tailor.Onnx.Models;

namespace Tailor.Onnx.Inference;

/// <summary>
/// One loaded session per model per process: the first embedding after a knowledge base opens pays
/// the model's load, every later one (in any knowledge base, on any thread) reuses it.
/// </summary>
internal static class OnnxModelCache
{
    private static readonly ConcurrentDictionary<(string Name, int Threads), Lazy<OnnxModel>> Models = new();

    public static OnnxModel Get(OnnxModelSpec spec, int threads)
    {
        var lazy = Models.GetOrAdd((spec.Name, threads), _ => new Lazy<OnnxModel>(() => OnnxModel.Load(spec, threads), LazyThreadSafetyMode.ExecutionAndPublication));
        try
        {
            return lazy.Value;
        }
        catch
        {
            Models.TryRemove(new KeyValuePair<(string, int), Lazy<OnnxModel>>((spec.Name, threads), lazy)); // a fixed file loads on the next try
            throw;
        }
    }
}
