namespace Tailor.Embedding;

/// <summary>
/// Which embedder a knowledge base's vectors come from, saved in its manifest as
/// <c>"embedder": {"kind": "builtin" | "openai" | "onnx", "model": "...", "dimensions": N}</c>. A knowledge base
/// embedded with one model refuses another until <c>tailor reembed</c> switches it.
/// </summary>
public sealed record EmbedderInfo
{
    /// <summary>The built-in LSA embedder trained on the knowledge base's own text.</summary>
    public const string BuiltinKind = "builtin";

    /// <summary>A model served over the OpenAI embeddings API.</summary>
    public const string ServerKind = "openai";

    /// <summary>A pretrained model run in-process on ONNX Runtime: a bundled name (arctic-xs, minilm) or a folder.</summary>
    public const string PretrainedKind = "onnx";

    /// <summary>The built-in embedder, recorded when no other is given.</summary>
    public static readonly EmbedderInfo Builtin = new();

    public string Kind { get; init; } = BuiltinKind;

    /// <summary>The server model's id (<see cref="IEmbedder.ModelId"/>, e.g. "text-embedding-3-small" or "text-embedding-3-small@256"); null for the built-in embedder.</summary>
    public string? Model { get; init; }

    /// <summary>Vector length, once known.</summary>
    public int? Dimensions { get; init; }

    /// <summary>When set, the server model's vectors are reduced by PCA to this many dimensions (<c>tailor reembed --reduce</c>).</summary>
    public int? Reduce { get; init; }

    /// <summary>The model id the stored vectors carry: <see cref="Model"/>, with "+pcaD" when reduced.</summary>
    public string? VectorModelId => Reduce is { } r && Model is not null ? ReducedEmbedder.ModelIdFor(Model, r) : Model;

    public bool IsBuiltin => Kind == BuiltinKind;

    /// <summary>The record for <paramref name="embedder"/>: the built-in one when null.</summary>
    public static EmbedderInfo For(IEmbedder? embedder) => embedder is null or LsaEmbedder
        ? Builtin
        : new EmbedderInfo { Kind = embedder.Kind, Model = embedder.ModelId, Dimensions = embedder.Dimensions > 0 ? embedder.Dimensions : null };

    /// <summary>True when <paramref name="embedder"/> (null: the built-in one) is this embedder.</summary>
    public bool Matches(IEmbedder? embedder) => embedder is null or LsaEmbedder ? IsBuiltin : !IsBuiltin && Model == embedder.ModelId && Kind == embedder.Kind;

    public bool IsPretrained => Kind == PretrainedKind;

    /// <summary>For messages: "the built-in embedder" or "model 'X'".</summary>
    public string Describe() => IsBuiltin ? "the built-in embedder" : IsPretrained ? $"the pretrained model '{Model}'" : Reduce is { } r ? $"model '{Model}' reduced to {r} dimensions" : $"model '{Model}'";

    /// <summary>The <c>tailor reembed</c> arguments that switch to this embedder.</summary>
    public string ReembedArguments()
    {
        if (IsBuiltin) return "--builtin";
        if (IsPretrained) return $"--embedder {Model}";
        int at = Model!.LastIndexOf('@');
        var model = at > 0 && int.TryParse(Model[(at + 1)..], out var d) ? $"--model {Model[..at]} --dimensions {d}" : $"--model {Model}";
        return Reduce is { } r ? $"{model} --reduce {r}" : model;
    }

    public void Validate()
    {
        if (Kind != BuiltinKind && Kind != ServerKind && Kind != PretrainedKind)
            throw new TailorException($"embedder.kind is \"{Kind}\"; use \"{BuiltinKind}\", \"{ServerKind}\" or \"{PretrainedKind}\".");
        if (Kind == PretrainedKind && string.IsNullOrWhiteSpace(Model))
            throw new TailorException("embedder.model is missing; an \"onnx\" embedder needs the model it was embedded with (arctic-xs, minilm, or a folder).");
        if (Kind == ServerKind && string.IsNullOrWhiteSpace(Model))
            throw new TailorException("embedder.model is missing; an \"openai\" embedder needs the model name it was embedded with.");
        if (Reduce is <= 0) throw new TailorException($"embedder.reduce is {Reduce}; use a positive number of dimensions or leave it out.");
        if (Reduce is not null && Kind == BuiltinKind) throw new TailorException("embedder.reduce applies to server models; the built-in embedder's size is embedding.dimensions.");
        if (Dimensions is <= 0) throw new TailorException($"embedder.dimensions is {Dimensions}; use a positive number.");
    }
}
