using System.Text;
using Tailor.Extraction;

namespace Tailor.Tests.Extraction;

public class SourceTextTests
{
    [Fact]
    public void Nul_bytes_mean_binary_and_the_error_names_the_source()
    {
        byte[] bytes = [0x89, (byte)'P', (byte)'N', (byte)'G', 0, 0, 0, 13, (byte)'I', (byte)'H'];
        var e = Assert.Throws<TailorException>(() => SourceText.Decode(bytes, "img/logo.txt"));
        Assert.Equal("img/logo.txt: looks like a binary file, not text; exclude it with --exclude or convert it to text", e.Message);
    }

    [Fact]
    public void Many_control_bytes_mean_binary()
    {
        var bytes = new byte[1000];
        for (int i = 0; i < bytes.Length; i++) bytes[i] = (byte)(i % 5 == 0 ? 0x01 : 'a');
        Assert.True(SourceText.LooksBinary(bytes));
    }

    [Fact]
    public void Text_with_tabs_and_line_breaks_is_not_binary()
    {
        Assert.False(SourceText.LooksBinary("a\tb\r\nc\nd\fe"u8));
    }

    [Fact]
    public void Invalid_utf8_names_the_byte_offset()
    {
        byte[] bytes = [.. "hello "u8, 0xC3, 0x28, .. " world"u8];
        var e = Assert.Throws<TailorException>(() => SourceText.Decode(bytes, "notes/latin1.txt"));
        Assert.Contains("notes/latin1.txt", e.Message);
        Assert.Contains("offset 6", e.Message);
        Assert.Contains("UTF-8", e.Message);
    }

    [Fact]
    public void Invalid_utf8_offset_counts_the_bom()
    {
        byte[] bytes = [0xEF, 0xBB, 0xBF, (byte)'a', 0xFF];
        var e = Assert.Throws<TailorException>(() => SourceText.Decode(bytes, "x.md"));
        Assert.Contains("offset 4", e.Message);
    }

    [Fact]
    public void Utf8_bom_is_stripped()
    {
        byte[] bytes = [0xEF, 0xBB, 0xBF, .. "Grüße"u8];
        Assert.Equal("Grüße", SourceText.Decode(bytes, "x.txt"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Utf16_with_bom_is_decoded(bool bigEndian)
    {
        var encoding = new UnicodeEncoding(bigEndian, byteOrderMark: true);
        byte[] bytes = [.. encoding.GetPreamble(), .. encoding.GetBytes("Hello, wörld\n")];
        Assert.Equal("Hello, wörld\n", SourceText.Decode(bytes, "x.txt"));
    }

    [Fact]
    public void RequireUtf8_transcodes_utf16_and_strips_the_utf8_bom()
    {
        var encoding = new UnicodeEncoding(false, true);
        byte[] wide = [.. encoding.GetPreamble(), .. encoding.GetBytes("{\"id\":1}")];
        Assert.Equal("{\"id\":1}", Encoding.UTF8.GetString(SourceText.RequireUtf8(wide, "x.jsonl").Span));
        byte[] bom = [0xEF, 0xBB, 0xBF, .. "ab"u8];
        Assert.Equal("ab", Encoding.UTF8.GetString(SourceText.RequireUtf8(bom, "x.jsonl").Span));
    }

    [Theory]
    [InlineData(".md")]
    [InlineData(".html")]
    [InlineData(".txt")]
    [InlineData(".jsonl")]
    public void Every_extractor_reports_an_empty_file(string extension)
    {
        var registry = ExtractorRegistry.CreateDefault();
        foreach (var content in new[] { ""u8.ToArray(), " \n\t\r\n "u8.ToArray(), new byte[] { 0xEF, 0xBB, 0xBF } })
        {
            var result = registry.Extract(content, "empty" + extension);
            Assert.Empty(result.Documents);
            Assert.Equal(["empty file"], result.Problems);
        }
    }

    [Theory]
    [InlineData(".md")]
    [InlineData(".html")]
    [InlineData(".txt")]
    [InlineData(".jsonl")]
    public void Every_extractor_rejects_binary_and_invalid_utf8(string extension)
    {
        var registry = ExtractorRegistry.CreateDefault();
        var binary = Assert.Throws<TailorException>(() => registry.Extract(new byte[] { 1, 2, 0, 4, 5 }, "bad" + extension));
        Assert.Contains("binary", binary.Message);
        var invalid = Assert.Throws<TailorException>(() => registry.Extract(new byte[] { (byte)'a', 0xFE, (byte)'b' }, "bad" + extension));
        Assert.Contains("offset 1", invalid.Message);
        Assert.StartsWith("bad" + extension, invalid.Message);
    }

    [Theory]
    [InlineData("Plain English notes, with digits 123 and a line break.\n")]
    [InlineData("\u4f60\u597d\uff0c\u4e16\u754c\u3002\u8fd9\u662f\u4e00\u4e2a\u6d4b\u8bd5\u6587\u4ef6\uff0c\u6ca1\u6709\u7a7a\u683c\u3002")] // Chinese, no ASCII at all
    public void Text_behind_a_utf16_bom_is_decoded(string content)
    {
        byte[] bytes = [0xFF, 0xFE, .. System.Text.Encoding.Unicode.GetBytes(content)];
        Assert.True(SourceText.TryDecode(bytes, "notes.txt", out var text, out var error), error);
        Assert.Equal(content, text);
        byte[] bigEndian = [0xFE, 0xFF, .. System.Text.Encoding.BigEndianUnicode.GetBytes(content)];
        Assert.True(SourceText.TryDecode(bigEndian, "notes.txt", out text, out error), error);
        Assert.Equal(content, text);
    }

    [Fact]
    public void Ascii_behind_a_stray_utf16_bom_is_a_bad_file_not_garbage()
    {
        byte[] bytes = [0xFF, 0xFE, .. System.Text.Encoding.ASCII.GetBytes("zinvalid: plain ASCII notes about herons, not UTF-16 at all.\n")];
        Assert.False(SourceText.TryDecode(bytes, "notes.txt", out var text, out var error));
        Assert.Equal("", text);
        Assert.StartsWith("notes.txt: starts with a UTF-16 byte order mark but ", error);
        Assert.Contains("save the file as UTF-8", error);
    }

    [Fact]
    public void Control_characters_behind_a_utf16_bom_are_a_bad_file()
    {
        var units = Enumerable.Range(0, 40).Select(i => (char)(i % 2 == 0 ? 0x0001 + i % 8 : 'a')).ToArray();
        byte[] bytes = [0xFF, 0xFE, .. System.Text.Encoding.Unicode.GetBytes(units)];
        Assert.False(SourceText.TryDecode(bytes, "x.txt", out _, out var error));
        Assert.Contains("control, private-use or unassigned", error);
    }
}
