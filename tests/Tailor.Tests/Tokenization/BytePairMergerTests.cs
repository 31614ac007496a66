using Tailor.Tokenization;

namespace Tailor.Tests.Tokenization;

/// <summary>The heap-based merge used for long pieces makes exactly the merges of tiktoken's flat scan.</summary>
public sealed class BytePairMergerTests
{
    [Fact]
    public void Long_and_short_merges_agree_on_random_pieces()
    {
        var random = new Random(7);
        foreach (var tokenizer in new[] { SharedTokenizers.Cl100k, SharedTokenizers.O200k })
        {
            for (int n = 0; n < 3000; n++)
            {
                int length = random.Next(2, 129);
                var piece = new byte[length];
                int mode = random.Next(3);
                for (int k = 0; k < length; k++)
                {
                    piece[k] = mode switch
                    {
                        0 => (byte)random.Next(256),
                        1 => (byte)"aeiou rstln"[random.Next(11)],
                        _ => (byte)"ab"[random.Next(2)],
                    };
                }
                var shortOut = new int[length];
                var longOut = new int[length];
                int a = BytePairMerger.MergeShort(tokenizer.Ranks, piece, shortOut);
                int b = BytePairMerger.MergeLong(tokenizer.Ranks, piece, longOut);
                Assert.Equal(shortOut.AsSpan(0, a).ToArray(), longOut.AsSpan(0, b).ToArray());
                Assert.Equal(piece, tokenizer.DecodeBytes(shortOut.AsSpan(0, a)));
            }
        }
    }
}
