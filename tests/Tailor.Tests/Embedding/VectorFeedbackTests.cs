using System.Numerics.Tensors;
using Tailor.Embedding;

namespace Tailor.Tests.Embedding;

public class VectorFeedbackTests
{
    [Fact]
    public void Moves_the_query_halfway_toward_the_feedback_centroid()
    {
        float[] query = [2f, 0f];
        var expanded = VectorFeedback.Expand(query, [[0f, 3f], [0f, 1f]], queryWeight: 0.5);
        // 0.5·(1, 0) + 0.5·(0, 1) normalized.
        Assert.Equal(MathF.Sqrt(0.5f), expanded[0], 5);
        Assert.Equal(MathF.Sqrt(0.5f), expanded[1], 5);
    }

    [Fact]
    public void Query_weight_one_or_no_feedback_returns_the_normalized_query()
    {
        float[] query = [3f, 4f];
        Assert.Equal([0.6f, 0.8f], VectorFeedback.Expand(query, [[1f, 0f]], queryWeight: 1.0));
        Assert.Equal([0.6f, 0.8f], VectorFeedback.Expand(query, []));
        Assert.Equal([0.6f, 0.8f], VectorFeedback.Expand(query, [[0f, 0f]]));
    }

    [Fact]
    public void A_query_with_no_known_words_takes_the_feedback_direction()
    {
        var expanded = VectorFeedback.Expand(new float[2], [[0f, 2f]]);
        Assert.Equal([0f, 1f], expanded);
        Assert.Equal(1f, TensorPrimitives.Norm<float>(expanded), 5);
    }

    [Fact]
    public void Mismatched_dimensions_and_bad_weights_are_refused()
    {
        Assert.Throws<TailorException>(() => VectorFeedback.Expand(new float[2], [new float[3]]));
        Assert.Throws<TailorException>(() => VectorFeedback.Expand(new float[2], [], queryWeight: -0.1));
    }
}
