using Tailor.Cleaning;

namespace Tailor.Tests.Cleaning;

public class SensitiveDataDetectorTests
{
    private static string Kinds(string text) => string.Join(",", SensitiveDataDetector.Find(text).Select(m => m.Kind + "=" + text.Substring(m.Start, m.Length)));

    [Theory]
    [InlineData("write to ops.team+alerts@mail.example.org today", "Email=ops.team+alerts@mail.example.org")]
    [InlineData("card 4111-1111-1111-1111 on file", "Card=4111-1111-1111-1111")]
    [InlineData("amex 3782 822463 10005.", "Card=3782 822463 10005")]
    [InlineData("IBAN GB82 WEST 1234 5698 7654 32 Thanks", "Iban=GB82 WEST 1234 5698 7654 32")]
    [InlineData("ssn 078-05-1120.", "Ssn=078-05-1120")]
    [InlineData("host 10.20.30.40.", "Ip=10.20.30.40")]
    [InlineData("call +1 (415) 555-0132 now", "Phone=+1 (415) 555-0132")]
    [InlineData("key sk-proj-abcdEFGHijklMNOPqrstUVWX1234 here", "Secret=sk-proj-abcdEFGHijklMNOPqrstUVWX1234")]
    [InlineData("aws AKIAIOSFODNN7EXAMPLE", "Secret=AKIAIOSFODNN7EXAMPLE")]
    [InlineData("token Zx9Kq2Lm8Np4Rs7Tv1Wy5Ab3Cd6Ef0GhJk", "Secret=Zx9Kq2Lm8Np4Rs7Tv1Wy5Ab3Cd6Ef0GhJk")]
    public void Finds_each_kind(string text, string expected) => Assert.Equal(expected, Kinds(text));

    [Theory]
    [InlineData("card 4111 1111 1111 1112 fails Luhn")]
    [InlineData("IBAN GB83 WEST 1234 5698 7654 32 fails mod 97")]
    [InlineData("released on 2024-03-15 as version 10.0.0.1 (build 20240315)")]
    [InlineData("order 12345 shipped; pi is 3.14159; see v1.2.3.4")]
    [InlineData("commit 3f786850e387550fdab836ed7e6dc881de23001b and sha d41d8cd98f00b204e9800998ecf8427e")]
    [InlineData("the word internationalization-and-localization-guidelines is long")]
    public void Leaves_lookalikes_alone(string text) => Assert.Equal("", Kinds(text));

    [Fact]
    public void Finds_a_private_key_block_whole()
    {
        var text = "before\n-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA0Z3VS5JJcds3xfn\n-----END RSA PRIVATE KEY-----\nafter";
        var match = Assert.Single(SensitiveDataDetector.Find(text));
        Assert.Equal(SensitiveKind.Secret, match.Kind);
        Assert.Equal("before\n[SECRET]\nafter", SensitiveDataDetector.Redact(text, [SensitiveKind.Secret]));
    }

    [Fact]
    public void Redacts_only_the_kinds_asked_and_counts_all()
    {
        var counts = new Dictionary<SensitiveKind, int>();
        var text = "mail a@b.io or c@d.io, card 4111111111111111";
        Assert.Equal("mail [EMAIL] or [EMAIL], card 4111111111111111", SensitiveDataDetector.Redact(text, [SensitiveKind.Email], counts));
        Assert.Equal(2, counts[SensitiveKind.Email]);
        Assert.Equal(1, counts[SensitiveKind.Card]);
    }

    [Fact]
    public void Parses_kind_lists_and_refuses_unknown_ones()
    {
        Assert.Equal(SensitiveDataDetector.AllKinds, SensitiveDataDetector.ParseKinds("all"));
        Assert.Equal([SensitiveKind.Email, SensitiveKind.Card], SensitiveDataDetector.ParseKinds("card, EMAIL"));
        Assert.Empty(SensitiveDataDetector.ParseKinds(null));
        var ex = Assert.Throws<TailorException>(() => SensitiveDataDetector.ParseKinds("email,3"));
        Assert.Contains("unknown kind \"3\"", ex.Message, StringComparison.Ordinal);
    }
}
