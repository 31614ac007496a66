using Tailor.Retrieval;

namespace Tailor.Tests.Retrieval;

public class FusionOptionsTests
{
    private static readonly List<FusionItem> Lexical = [new(1, 10.0), new(2, 0.0)];
    private static readonly List<FusionItem> Vector = [new(2, 1.0), new(1, 0.0)];

    [Fact]
    public void Fuse_dispatches_on_the_method()
    {
        var rrf = Fusion.Fuse(Lexical, Vector, new FusionOptions());
        Assert.Equal(1.0 / 61 + 1.0 / 62, rrf[0].Score, 12);

        var convex = Fusion.Fuse(Lexical, Vector, new FusionOptions { Method = FusionMethod.Convex, LexicalWeight = 0.3 });
        Assert.Equal(2L, convex[0].Id);
        Assert.Equal(0.7, convex[0].Score, 12);
    }

    [Fact]
    public void Invalid_options_name_the_option()
    {
        var error = Assert.Throws<TailorException>(() => Fusion.Fuse(Lexical, Vector, new FusionOptions { CandidateDepth = 0 }));
        Assert.Contains("CandidateDepth", error.Message);
        Assert.Throws<TailorException>(() => new FusionOptions { FeedbackQueryWeight = 2 }.Validate());
        Assert.Throws<TailorException>(() => new FusionOptions { Method = (FusionMethod)9 }.Validate());
    }
}
