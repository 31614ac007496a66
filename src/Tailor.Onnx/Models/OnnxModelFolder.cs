using System.Text.Json;

namespace Tailor.Onnx.Models;

/// <summary>
/// Reads a sentence-transformers export from a folder: <c>model.onnx</c> (or <c>onnx/model.onnx</c>),
/// <c>vocab.txt</c>, and when present the settings files sentence-transformers writes:
/// <c>1_Pooling/config.json</c> (CLS or mean pooling), <c>sentence_bert_config.json</c>
/// (<c>max_seq_length</c>, <c>do_lower_case</c>) and <c>config_sentence_transformers.json</c>
/// (<c>prompts.query</c>, <c>prompts.document</c> or <c>prompts.passage</c>). Without them: mean pooling, 512 tokens, no prefixes, lowercased.
/// </summary>
public static class OnnxModelFolder
{
    /// <summary>The model in <paramref name="folder"/>; throws <see cref="TailorException"/> naming the missing file.</summary>
    public static OnnxModelSpec Read(string folder)
    {
        folder = Path.GetFullPath(folder);
        if (!Directory.Exists(folder))
            throw new TailorException($"{folder}: no such folder; --embedder takes arctic-xs, minilm, builtin, or a folder holding a sentence-transformers ONNX export (model.onnx and vocab.txt).");
        var model = Path.Combine(folder, "model.onnx");
        if (!File.Exists(model) && File.Exists(Path.Combine(folder, "onnx", "model.onnx"))) model = Path.Combine(folder, "onnx", "model.onnx");
        var vocab = Path.Combine(folder, "vocab.txt");
        var spec = new OnnxModelSpec
        {
            Name = folder,
            ModelSource = model,
            VocabularySource = vocab,
            ReadModel = () => ReadFile(model, "the ONNX model"),
            OpenVocabulary = () => File.Exists(vocab)
                ? File.OpenRead(vocab)
                : throw new TailorException($"{vocab}: the WordPiece vocabulary is missing; put the model's vocab.txt beside model.onnx."),
        };
        var pooling = ReadJson(Path.Combine(folder, "1_Pooling", "config.json"));
        if (pooling is { } p && p.TryGetProperty("pooling_mode_cls_token", out var cls) && cls.ValueKind == JsonValueKind.True)
            spec = spec with { Pooling = Pooling.Cls };
        var bert = ReadJson(Path.Combine(folder, "sentence_bert_config.json"));
        if (bert is { } b)
        {
            if (b.TryGetProperty("max_seq_length", out var max) && max.TryGetInt32(out var m) && m > 2) spec = spec with { MaxTokens = m };
            if (b.TryGetProperty("do_lower_case", out var lower) && lower.ValueKind is JsonValueKind.False) spec = spec with { LowerCase = false };
        }
        var st = ReadJson(Path.Combine(folder, "config_sentence_transformers.json"));
        if (st is { } s && s.TryGetProperty("prompts", out var prompts) && prompts.ValueKind == JsonValueKind.Object)
        {
            if (prompts.TryGetProperty("query", out var q) && q.ValueKind == JsonValueKind.String) spec = spec with { QueryPrefix = q.GetString()! };
            if (prompts.TryGetProperty("document", out var d) && d.ValueKind == JsonValueKind.String) spec = spec with { DocumentPrefix = d.GetString()! };
            else if (prompts.TryGetProperty("passage", out var pa) && pa.ValueKind == JsonValueKind.String) spec = spec with { DocumentPrefix = pa.GetString()! };
        }
        return spec;
    }

    private static byte[] ReadFile(string path, string what)
    {
        if (!File.Exists(path))
            throw new TailorException($"{path}: {what} file is missing; point --embedder at a folder holding model.onnx and vocab.txt (a sentence-transformers ONNX export).");
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new TailorException($"{path}: cannot read {what} ({ex.Message}).", ex);
        }
    }

    private static JsonElement? ReadJson(string path)
    {
        if (!File.Exists(path)) return null;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            return doc.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw new TailorException($"{path}: not valid JSON ({ex.Message}); fix or delete the file.", ex);
        }
    }
}
