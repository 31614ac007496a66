using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using Tailor.Embedding;
using Tailor.Lexical;
using Tailor.Storage;

namespace Tailor.FineTuning.Classification;

/// <summary>
/// The on-disk form of a <see cref="TextClassifier"/>: a folder with <c>classifier.json</c>
/// (format version, labels, options, sizes and the weights' checksum, readable by people) and
/// <c>classifier.bin</c>: the magic "TLRCLSF1", format version (int32), columns, hidden units and
/// classes (int32 each), then the column buckets (int32), IDF (float32), W1, B1, W2 and B2
/// (float32, little-endian), then a 64-bit checksum of every byte before it. Both files are
/// written atomically (<see cref="AtomicFile"/>).
/// </summary>
internal static class ClassifierModelFile
{
    public const int FormatVersion = 1;
    public const string ManifestName = "classifier.json";
    public const string WeightsName = "classifier.bin";
    private static readonly byte[] Magic = "TLRCLSF1"u8.ToArray();

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
    };

    private sealed record Manifest(int FormatVersion, string Kind, IReadOnlyList<string> Labels, ClassifierOptions Options, int Columns, int NetworkHiddenUnits, string WeightsFile, string WeightsChecksum,
        string? EmbeddingModel = null, int EmbeddingDimensions = 0);

    public static void Save(TextClassifier classifier, string folder)
    {
        try
        {
            Directory.CreateDirectory(folder);
            var network = classifier.Network;
            var features = classifier.Features;
            var checksum = new BlockChecksum();
            AtomicFile.Write(Path.Combine(folder, WeightsName), stream =>
            {
                void Write(ReadOnlySpan<byte> bytes)
                {
                    checksum.Append(bytes);
                    stream.Write(bytes);
                }
                Write(Magic);
                Span<byte> header = stackalloc byte[16];
                BinaryPrimitives.WriteInt32LittleEndian(header, FormatVersion);
                BinaryPrimitives.WriteInt32LittleEndian(header[4..], features.Columns);
                BinaryPrimitives.WriteInt32LittleEndian(header[8..], network.Hidden);
                BinaryPrimitives.WriteInt32LittleEndian(header[12..], network.Classes);
                Write(header);
                Write(MemoryMarshal.AsBytes(features.Buckets.AsSpan()));
                Write(MemoryMarshal.AsBytes(features.Idf.AsSpan()));
                foreach (var parameter in network.Parameters) Write(MemoryMarshal.AsBytes(parameter.AsSpan()));
                Span<byte> tail = stackalloc byte[8];
                BinaryPrimitives.WriteUInt64LittleEndian(tail, checksum.Value);
                stream.Write(tail);
            });
            string embedderPath = Path.Combine(folder, EmbeddingFeatures.BuiltinFileName);
            if (features.Dense is { Kind: "builtin" } builtin) AtomicFile.Write(embedderPath, builtin.SaveBuiltin);
            else File.Delete(embedderPath);
            var manifest = new Manifest(FormatVersion, "text-classifier", classifier.Labels, classifier.Options, features.Columns, network.Hidden, WeightsName, checksum.Value.ToString("x16"),
                features.Dense?.Embedder.ModelId, features.Dense?.Dimensions ?? 0);
            AtomicFile.WriteAllText(Path.Combine(folder, ManifestName), JsonSerializer.Serialize(manifest, Json));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new TailorException($"Cannot save the classifier to {folder}: {ex.Message}", ex);
        }
    }

    public static TextClassifier Load(string folder, Func<IEmbedder?>? embedder = null)
    {
        string manifestPath = Path.Combine(folder, ManifestName);
        string weightsPath = Path.Combine(folder, WeightsName);
        if (!File.Exists(manifestPath) || !File.Exists(weightsPath))
            throw new TailorException($"{folder} is not a classifier model: it needs {ManifestName} and {WeightsName}. Train one with `tailor train classifier --out {folder}`.");
        Manifest manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<Manifest>(File.ReadAllText(manifestPath), Json) ?? throw new JsonException("empty");
        }
        catch (JsonException ex)
        {
            throw new TailorException($"{manifestPath} is damaged ({ex.Message}). Train the model again.");
        }
        if (manifest.FormatVersion != FormatVersion)
            throw new TailorException($"{manifestPath} has model format version {manifest.FormatVersion}; this Tailor reads version {FormatVersion}. Train the model again with this version.");
        if (manifest.EmbeddingDimensions == 0 && manifest.EmbeddingModel is null && manifest.Options.Features.Embeddings != "none")
        {
            // Saved before embedding features existed: the options have no "embeddings" and read back the new default.
            manifest = manifest with { Options = manifest.Options with { Features = manifest.Options.Features with { Embeddings = "none" } } };
        }
        manifest.Options.Validate();
        byte[] bytes = File.ReadAllBytes(weightsPath);
        string Damaged(string what) => $"{weightsPath} is damaged ({what}). Train the model again.";
        if (bytes.Length < Magic.Length + 16 + 8 || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic)) throw new TailorException(Damaged("not a Tailor classifier weights file"));
        var body = bytes.AsSpan(0, bytes.Length - 8);
        var header = body.Slice(Magic.Length, 16);
        int version = BinaryPrimitives.ReadInt32LittleEndian(header);
        if (version != FormatVersion) throw new TailorException($"{weightsPath} has weights format version {version}; this Tailor reads version {FormatVersion}. Train the model again.");
        int columns = BinaryPrimitives.ReadInt32LittleEndian(header[4..]);
        int hidden = BinaryPrimitives.ReadInt32LittleEndian(header[8..]);
        int classes = BinaryPrimitives.ReadInt32LittleEndian(header[12..]);
        if (columns != manifest.Columns || hidden != manifest.NetworkHiddenUnits || classes != manifest.Labels.Count || hidden != (manifest.Options.IsMlp ? manifest.Options.HiddenUnits : 0))
            throw new TailorException(Damaged($"its sizes do not match {ManifestName}"));
        if (manifest.EmbeddingDimensions < 0 || (manifest.EmbeddingDimensions > 0) != (manifest.Options.Features.Embeddings != "none"))
            throw new TailorException($"{manifestPath} is damaged (embedding dimensions {manifest.EmbeddingDimensions} with embeddings \"{manifest.Options.Features.Embeddings}\"). Train the model again.");
        var dense = LoadEmbeddings(folder, manifest, embedder);
        var network = new ClassifierNetwork(columns + manifest.EmbeddingDimensions, hidden, classes);
        var buckets = new int[columns];
        var idf = new float[columns];
        var reader = body[(Magic.Length + 16)..];
        long expected = 4L * (columns * 2L + network.Parameters.Sum(p => (long)p.Length));
        if (reader.Length != expected) throw new TailorException(Damaged($"{reader.Length} bytes of data where {expected} were expected"));
        // The checksum folds the same sections the writer wrote, in the same order.
        var checksum = new BlockChecksum();
        checksum.Append(body[..Magic.Length]);
        checksum.Append(header);
        Read(ref reader, MemoryMarshal.AsBytes(buckets.AsSpan()), ref checksum);
        Read(ref reader, MemoryMarshal.AsBytes(idf.AsSpan()), ref checksum);
        foreach (var parameter in network.Parameters) Read(ref reader, MemoryMarshal.AsBytes(parameter.AsSpan()), ref checksum);
        if (checksum.Value != BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(bytes.Length - 8))) throw new TailorException(Damaged("checksum mismatch"));
        var features = new FeatureSpace(manifest.Options.Features, buckets, idf, dense);
        return new TextClassifier(manifest.Options, manifest.Labels, features, network);
    }

    /// <summary>The embedding block the model was trained with: its saved built-in embedder, or the configured server model (which must be the one it was trained with).</summary>
    private static EmbeddingFeatures? LoadEmbeddings(string folder, Manifest manifest, Func<IEmbedder?>? configured)
    {
        switch (manifest.Options.Features.Embeddings)
        {
            case "builtin":
                string path = Path.Combine(folder, EmbeddingFeatures.BuiltinFileName);
                if (!File.Exists(path)) throw new TailorException($"{folder} is missing {EmbeddingFeatures.BuiltinFileName}, the embedder the classifier was trained with. Train the model again.");
                var builtin = EmbeddingFeatures.LoadBuiltin(path);
                if (builtin.Dimensions != manifest.EmbeddingDimensions)
                    throw new TailorException($"{path} has {builtin.Dimensions} dimensions but {ManifestName} records {manifest.EmbeddingDimensions}. Train the model again.");
                return builtin;
            case "server":
                var embedder = configured?.Invoke();
                if (embedder is null || embedder.ModelId != manifest.EmbeddingModel)
                    throw new TailorException($"The classifier in {folder} was trained with embeddings from the model \"{manifest.EmbeddingModel}\" ({manifest.EmbeddingDimensions} dimensions), and " +
                        (embedder is null ? "no embedding model is configured" : $"the configured one is \"{embedder.ModelId}\"") +
                        ". Set TAILOR_EMBEDDING_MODEL (and OPENAI_BASE_URL or OPENAI_API_KEY) to that model to classify with it.");
                return EmbeddingFeatures.Server(embedder, manifest.EmbeddingDimensions);
            default:
                return null;
        }
    }

    private static void Read(ref Span<byte> source, Span<byte> destination, ref BlockChecksum checksum)
    {
        checksum.Append(source[..destination.Length]);
        source[..destination.Length].CopyTo(destination);
        source = source[destination.Length..];
    }
}
