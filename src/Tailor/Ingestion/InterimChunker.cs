using Tailor.Chunking;
using Tailor.Extraction;
using Tailor.Tokenization;

namespace Tailor.Ingestion;

/// <summary>TEMPORARY stand-in until Chunking/Chunker lands: groups blocks by section up to the token budget.</summary>
internal sealed class Chunker(ChunkingOptions options, ITokenCounter counter)
{
    public IReadOnlyList<ChunkDraft> Chunk(ExtractedDocument doc)
    {
        var result = new List<ChunkDraft>();
        var path = new List<(int Level, string Text)>();
        var sb = new System.Text.StringBuilder();
        int tokens = 0, start = 0, end = 0;
        string? anchor = null;
        string section = doc.Title;
        void Flush()
        {
            if (sb.Length == 0) return;
            result.Add(new ChunkDraft(sb.ToString().Trim(), section, start, end, anchor, tokens));
            sb.Clear(); tokens = 0; anchor = null;
        }
        foreach (var b in doc.Blocks)
        {
            if (b.Kind == BlockKind.Heading)
            {
                Flush();
                path.RemoveAll(p => p.Level >= b.Level);
                path.Add((b.Level, b.Text));
                section = string.Join(" > ", path.Select(p => p.Text));
            }
            int t = counter.CountTokens(b.Text);
            if (tokens + t > options.MaxTokens) Flush();
            if (sb.Length == 0) { start = b.LineStart; anchor = b.Anchor; }
            end = b.LineEnd;
            sb.Append(b.Text).Append('\n');
            tokens += t;
        }
        Flush();
        return result;
    }
}
