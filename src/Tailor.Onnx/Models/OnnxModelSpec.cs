namespace Tailor.Onnx.Models;

/// <summary>
/// Everything needed to run one sentence-transformers ONNX export: where its files come from, how
/// its token vectors are pooled, how long an input may be, and the prefixes the model was trained
/// with. <see cref="BundledModels"/> describes the models shipped as packages;
/// <see cref="OnnxModelFolder"/> reads one from a folder.
/// </summary>
public sealed record OnnxModelSpec
{
    /// <summary>The name the knowledge base records: a bundled model's short name, or the folder's full path.</summary>
    public required string Name { get; init; }

    /// <summary>For messages: where the model file is (a path, or the package resource).</summary>
    public required string ModelSource { get; init; }

    /// <summary>For messages: where the vocabulary is.</summary>
    public required string VocabularySource { get; init; }

    /// <summary>Reads the ONNX model's bytes; throws <see cref="TailorException"/> naming the file when it is missing.</summary>
    public required Func<byte[]> ReadModel { get; init; }

    /// <summary>Opens the WordPiece vocabulary (vocab.txt, one token a line).</summary>
    public required Func<Stream> OpenVocabulary { get; init; }

    public Pooling Pooling { get; init; } = Pooling.Mean;

    /// <summary>Longest input in model tokens, [CLS] and [SEP] included; longer texts are truncated.</summary>
    public int MaxTokens { get; init; } = 512;

    /// <summary>Put before every query (e.g. arctic-embed's "Represent this sentence for searching relevant passages: ").</summary>
    public string QueryPrefix { get; init; } = "";

    /// <summary>Put before every document text.</summary>
    public string DocumentPrefix { get; init; } = "";

    /// <summary>Lowercase (and strip accents) before WordPiece, as uncased BERT vocabularies need.</summary>
    public bool LowerCase { get; init; } = true;

    /// <summary>Vector length when known before loading (bundled models), else 0.</summary>
    public int Dimensions { get; init; }
}
