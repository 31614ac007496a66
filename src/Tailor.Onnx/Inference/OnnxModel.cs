using System.Buffers;
using System.Diagnostics;
using System.Numerics.Tensors;
using Microsoft.ML.OnnxRuntime;
using FastBertTokenizer;
using Tailor.Onnx.Models;

namespace Tailor.Onnx.Inference;

/// <summary>
/// A loaded sentence-transformers model: the ONNX Runtime session and its WordPiece tokenizer.
/// Loading is the expensive part (reading the file, optimizing the graph), so one instance per
/// model is shared by the whole process (<see cref="OnnxModelCache"/>). <see cref="Embed"/> is
/// thread-safe: its scratch buffers come from a pool per call.
/// </summary>
internal sealed class OnnxModel
{
    /// <summary>Texts run together in one batch at most.</summary>
    private const int MaxBatchTexts = 64;

    /// <summary>Padded tokens per batch at most (texts × longest text): bounds the attention's memory.</summary>
    private const int MaxBatchTokens = 8192;

    private readonly InferenceSession _session;
    private readonly BertTokenizer _tokenizer;
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;
    private readonly bool _hasTokenTypes;

    private OnnxModel(OnnxModelSpec spec, InferenceSession session, BertTokenizer tokenizer, int dimensions, TimeSpan loadTime)
    {
        Spec = spec;
        _session = session;
        _tokenizer = tokenizer;
        _hasTokenTypes = session.InputMetadata.ContainsKey("token_type_ids");
        _inputNames = _hasTokenTypes ? ["input_ids", "attention_mask", "token_type_ids"] : ["input_ids", "attention_mask"];
        _outputNames = [session.OutputMetadata.Keys.First()];
        Dimensions = dimensions;
        LoadTime = loadTime;
    }

    public OnnxModelSpec Spec { get; }

    public int Dimensions { get; }

    /// <summary>How long reading the files and creating the session took.</summary>
    public TimeSpan LoadTime { get; }

    /// <summary>Reads the model and vocabulary of <paramref name="spec"/> and creates the session on <paramref name="threads"/> intra-op threads.</summary>
    public static OnnxModel Load(OnnxModelSpec spec, int threads)
    {
        var clock = Stopwatch.StartNew();
        var tokenizer = new BertTokenizer();
        using (var vocab = new StreamReader(spec.OpenVocabulary()))
        {
            try
            {
                tokenizer.LoadVocabulary(vocab, convertInputToLowercase: spec.LowerCase);
            }
            catch (Exception ex) when (ex is not TailorException)
            {
                throw new TailorException($"{spec.VocabularySource}: not a WordPiece vocabulary ({ex.Message}); restore the model's vocab.txt.", ex);
            }
        }
        var bytes = spec.ReadModel();
        using var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            IntraOpNumThreads = Math.Max(1, threads),
            InterOpNumThreads = 1,
        };
        // the intra-op threads sleep between runs instead of spinning: a server embeds many short queries at once, and
        // spinning threads took the cores the other requests needed
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        InferenceSession session;
        try
        {
            session = new InferenceSession(bytes, options);
        }
        catch (OnnxRuntimeException ex)
        {
            throw new TailorException($"{spec.ModelSource}: not a valid ONNX model ({ex.Message.Split('\n')[0]}); restore the file, or point --embedder at a folder holding a sentence-transformers ONNX export.", ex);
        }
        if (!session.InputMetadata.ContainsKey("input_ids") || !session.InputMetadata.ContainsKey("attention_mask"))
        {
            session.Dispose();
            throw new TailorException($"{spec.ModelSource}: the model has no input_ids and attention_mask inputs, so it is not a BERT-style sentence-transformers export.");
        }
        var output = session.OutputMetadata.First().Value.Dimensions;
        int dimensions = output.Length > 0 && output[^1] > 0 ? output[^1] : spec.Dimensions;
        return new OnnxModel(spec, session, tokenizer, dimensions, clock.Elapsed);
    }

    /// <summary>WordPiece ids of <paramref name="text"/> with [CLS] and [SEP], truncated to the model's length.</summary>
    public long[] Tokenize(string text)
    {
        lock (_tokenizer) // the tokenizer keeps scratch state between calls
            return _tokenizer.Encode(text, Spec.MaxTokens).InputIds.ToArray();
    }

    /// <summary>
    /// Embeds <paramref name="texts"/> (each after <paramref name="prefix"/>) into L2-normalized vectors, in order.
    /// Texts are sorted by token count and run in batches padded only to their longest member.
    /// </summary>
    public float[][] Embed(IReadOnlyList<string> texts, string prefix, CancellationToken ct)
    {
        var tokens = new long[texts.Count][];
        for (int i = 0; i < texts.Count; i++) tokens[i] = Tokenize(prefix.Length == 0 ? texts[i] : prefix + texts[i]);
        var order = new int[texts.Count];
        var lengths = new int[texts.Count];
        for (int i = 0; i < order.Length; i++) { order[i] = i; lengths[i] = tokens[i].Length; }
        Array.Sort(lengths, order);
        var result = new float[texts.Count][];
        using var run = new RunOptions();
        using var cancel = ct.Register(() => run.Terminate = true);
        for (int start = 0; start < order.Length;)
        {
            int end = start + 1;
            while (end < order.Length && end - start < MaxBatchTexts && (end - start + 1) * lengths[end] <= MaxBatchTokens) end++;
            RunBatch(tokens, order.AsSpan(start, end - start), lengths[end - 1], result, run);
            ct.ThrowIfCancellationRequested();
            start = end;
        }
        return result;
    }

    private void RunBatch(long[][] tokens, ReadOnlySpan<int> members, int length, float[][] result, RunOptions run)
    {
        int n = members.Length, size = n * length;
        var ids = ArrayPool<long>.Shared.Rent(size);
        var mask = ArrayPool<long>.Shared.Rent(size);
        var types = ArrayPool<long>.Shared.Rent(size);
        try
        {
            Array.Clear(ids, 0, size);
            Array.Clear(mask, 0, size);
            Array.Clear(types, 0, size);
            for (int b = 0; b < n; b++)
            {
                var row = tokens[members[b]];
                row.CopyTo(ids, b * length);
                mask.AsSpan(b * length, row.Length).Fill(1);
            }
            long[] shape = [n, length];
            using var idsValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, ids.AsMemory(0, size), shape);
            using var maskValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, mask.AsMemory(0, size), shape);
            using var typesValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, types.AsMemory(0, size), shape);
            OrtValue[] inputs = _hasTokenTypes ? [idsValue, maskValue, typesValue] : [idsValue, maskValue];
            using var outputs = _session.Run(run, _inputNames, inputs, _outputNames);
            var output = outputs[0];
            var data = output.GetTensorDataAsSpan<float>();
            var outShape = output.GetTensorTypeAndShape().Shape;
            int dim = (int)outShape[^1];
            for (int b = 0; b < n; b++)
            {
                var vector = new float[dim];
                if (outShape.Length == 2) data.Slice(b * dim, dim).CopyTo(vector); // the export pools itself
                else Pool(data.Slice(b * length * dim, length * dim), tokens[members[b]].Length, dim, vector);
                float norm = TensorPrimitives.Norm(vector);
                TensorPrimitives.Divide(vector, MathF.Max(norm, 1e-12f), vector);
                result[members[b]] = vector;
            }
        }
        finally
        {
            ArrayPool<long>.Shared.Return(ids);
            ArrayPool<long>.Shared.Return(mask);
            ArrayPool<long>.Shared.Return(types);
        }
    }

    /// <summary>One sequence's token vectors (<paramref name="count"/> real tokens, then padding) → its sentence vector.</summary>
    private void Pool(ReadOnlySpan<float> sequence, int count, int dim, Span<float> vector)
    {
        if (Spec.Pooling == Pooling.Cls)
        {
            sequence[..dim].CopyTo(vector);
            return;
        }
        for (int t = 0; t < count; t++) TensorPrimitives.Add(vector, sequence.Slice(t * dim, dim), vector);
        TensorPrimitives.Divide(vector, Math.Max(count, 1), vector);
    }
}
