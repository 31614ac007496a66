namespace Tailor.Onnx.Models;

/// <summary>How a sentence vector is made from the model's token vectors.</summary>
public enum Pooling
{
    /// <summary>The mean of the token vectors under the attention mask (all-MiniLM-L6-v2 and most sentence-transformers models).</summary>
    Mean,

    /// <summary>The first token's vector, [CLS] (Snowflake arctic-embed).</summary>
    Cls,
}
