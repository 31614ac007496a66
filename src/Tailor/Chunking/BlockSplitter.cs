using Tailor.Extraction;
using Tailor.Tokenization;

namespace Tailor.Chunking;

/// <summary>
/// Turns one block into chunk units: the whole block when it fits the budget, else sentences
/// (prose), lines (code) or rows (tables); a sentence or line still too large is cut at word
/// boundaries, and a single word too large at character boundaries. Every piece is counted once.
/// </summary>
internal sealed class BlockSplitter
{
    private readonly ITokenCounter _counter;
    private int _max;
    private readonly List<Range> _ranges = [];
    private readonly List<int> _newlines = [];
    private Block? _linesBlock;
    private bool _exact;
    private int _shift;

    public BlockSplitter(ITokenCounter counter, int maxTokens)
    {
        _counter = counter;
        _max = maxTokens;
    }

    /// <summary>The most tokens a unit may have; lowered below MaxTokens to leave room for a section's heading.</summary>
    public int Budget
    {
        get => _max;
        set => _max = Math.Max(1, value);
    }

    /// <summary>Appends the units of <paramref name="block"/>; the table header unit, if any, is returned separately.</summary>
    public void Split(Block block, int blockIndex, List<ChunkUnit> units, out ChunkUnit? tableHeader)
    {
        tableHeader = null;
        string text = block.Text;
        int tokens = _counter.CountTokens(text);
        if (tokens <= _max)
        {
            units.Add(new ChunkUnit(UnitKind.Block, blockIndex, text, 0, text.Length, tokens, block.LineStart, block.LineEnd)
            {
                IsHeadingBlock = block.Kind == BlockKind.Heading,
            });
            return;
        }
        switch (block.Kind)
        {
            case BlockKind.Table:
                SplitTable(block, blockIndex, units, out tableHeader);
                break;
            case BlockKind.Code:
                SplitLines(block, blockIndex, units, UnitKind.Line, 0, _max);
                break;
            default:
                SplitProse(block, blockIndex, units);
                break;
        }
    }

    /// <summary>Appends the sentences of a prose unit's text (for overlap), each counted once.</summary>
    public void Sentences(ChunkUnit unit, Block block, List<ChunkUnit> output)
    {
        _ranges.Clear();
        SentenceSplitter.Split(unit.Text, _ranges);
        foreach (var range in _ranges)
        {
            var (offset, length) = range.GetOffsetAndLength(unit.Length);
            int start = unit.Start + offset;
            int tokens = _counter.CountTokens(unit.Source.AsSpan(start, length));
            var (ls, le) = Lines(block, start, length);
            output.Add(new ChunkUnit(UnitKind.Sentence, unit.BlockIndex, unit.Source, start, length, tokens, ls, le));
        }
    }

    private void SplitProse(Block block, int blockIndex, List<ChunkUnit> units)
    {
        string text = block.Text;
        _ranges.Clear();
        SentenceSplitter.Split(text, _ranges);
        var sentences = _ranges.ToArray();
        foreach (var range in sentences)
        {
            var (start, length) = range.GetOffsetAndLength(text.Length);
            int tokens = _counter.CountTokens(text.AsSpan(start, length));
            if (tokens <= _max)
            {
                var (ls, le) = Lines(block, start, length);
                units.Add(new ChunkUnit(UnitKind.Sentence, blockIndex, text, start, length, tokens, ls, le));
            }
            else
            {
                SplitWords(block, blockIndex, start, length, _max, units);
            }
        }
    }

    private void SplitTable(Block block, int blockIndex, List<ChunkUnit> units, out ChunkUnit? tableHeader)
    {
        tableHeader = null;
        string text = block.Text;
        int firstRow = 0;
        int headerTokens = 0;
        if (!string.IsNullOrEmpty(block.TableHeader))
        {
            string header = block.TableHeader;
            headerTokens = _counter.CountTokens(header);
            bool textStartsWithHeader = text.StartsWith(header, StringComparison.Ordinal) && (text.Length == header.Length || text[header.Length] == '\n');
            if (textStartsWithHeader) firstRow = header.Length + 1;
            // a header larger than half the budget is not repeated: rows would not fit beside it
            if (headerTokens <= _max / 2)
            {
                if (textStartsWithHeader)
                    tableHeader = new ChunkUnit(UnitKind.TableHeader, blockIndex, text, 0, header.Length, headerTokens, block.LineStart, block.LineStart);
                else
                    tableHeader = new ChunkUnit(UnitKind.TableHeader, blockIndex, header, 0, header.Length, headerTokens, block.LineStart, block.LineStart);
            }
            else
            {
                firstRow = 0;
                headerTokens = 0;
            }
        }
        int rowBudget = _max - (tableHeader is null ? 0 : headerTokens + _counter.CountTokens("\n"));
        SplitLines(block, blockIndex, units, UnitKind.Row, Math.Min(firstRow, text.Length), rowBudget);
    }

    private void SplitLines(Block block, int blockIndex, List<ChunkUnit> units, UnitKind kind, int from, int budget)
    {
        string text = block.Text;
        int pos = from;
        while (pos <= text.Length)
        {
            int nl = text.IndexOf('\n', pos);
            int end = nl < 0 ? text.Length : nl;
            if (end > pos && !text.AsSpan(pos, end - pos).IsWhiteSpace())
            {
                int tokens = _counter.CountTokens(text.AsSpan(pos, end - pos));
                if (tokens <= budget)
                {
                    var (ls, le) = Lines(block, pos, end - pos);
                    units.Add(new ChunkUnit(kind, blockIndex, text, pos, end - pos, tokens, ls, le));
                }
                else
                {
                    SplitWords(block, blockIndex, pos, end - pos, budget, units);
                }
            }
            if (nl < 0) break;
            pos = nl + 1;
        }
    }

    /// <summary>Cuts [start, start+length) into runs of whole words of at most <paramref name="budget"/> tokens.</summary>
    private void SplitWords(Block block, int blockIndex, int start, int length, int budget, List<ChunkUnit> units)
    {
        string text = block.Text;
        int end = start + length;
        int runStart = -1, runEnd = 0, runTokens = 0;
        int i = start;
        while (i < end)
        {
            while (i < end && char.IsWhiteSpace(text[i])) i++;
            if (i >= end) break;
            int wordStart = i;
            while (i < end && !char.IsWhiteSpace(text[i])) i++;
            int wordTokens = _counter.CountTokens(text.AsSpan(wordStart, i - wordStart));
            if (wordTokens > budget)
            {
                Flush();
                SplitChars(block, blockIndex, wordStart, i - wordStart, wordTokens, budget, units);
                continue;
            }
            if (runStart >= 0 && runTokens + wordTokens > budget) Flush();
            if (runStart < 0) { runStart = wordStart; runTokens = 0; }
            runEnd = i;
            runTokens += wordTokens;
        }
        Flush();

        void Flush()
        {
            if (runStart < 0) return;
            var (ls, le) = Lines(block, runStart, runEnd - runStart);
            units.Add(new ChunkUnit(UnitKind.Words, blockIndex, text, runStart, runEnd - runStart, runTokens, ls, le));
            runStart = -1;
        }
    }

    /// <summary>Cuts one huge word (a base64 blob, a URL) at character boundaries so no piece exceeds the budget.</summary>
    private void SplitChars(Block block, int blockIndex, int start, int length, int tokens, int budget, List<ChunkUnit> units)
    {
        string text = block.Text;
        int end = start + length;
        int step = Math.Max(1, (int)((long)length * budget / Math.Max(1, tokens)));
        int pos = start;
        while (pos < end)
        {
            int take = Math.Min(step, end - pos);
            int pieceTokens;
            while (true)
            {
                if (pos + take < end && char.IsHighSurrogate(text[pos + take - 1])) take--;
                if (take <= 0) take = Math.Min(2, end - pos);
                pieceTokens = _counter.CountTokens(text.AsSpan(pos, take));
                if (pieceTokens <= budget || take <= 2) break;
                take = Math.Max(2, take * 3 / 4);
            }
            var (ls, le) = Lines(block, pos, take);
            units.Add(new ChunkUnit(UnitKind.Words, blockIndex, text, pos, take, pieceTokens, ls, le));
            pos += take;
        }
    }

    /// <summary>
    /// Source lines of a slice of a block: exact when the block's text lines map one to one onto its
    /// source lines (Markdown and text paragraphs, code), else the whole block's range. The block's
    /// newline offsets are found once per block, so many slices cost a binary search each.
    /// </summary>
    internal (int Start, int End) Lines(Block block, int offset, int length)
    {
        if (block.LineStart <= 0) return (block.LineStart, block.LineEnd);
        if (!ReferenceEquals(block, _linesBlock))
        {
            _linesBlock = block;
            _newlines.Clear();
            string text = block.Text;
            for (int i = text.IndexOf('\n'); i >= 0; i = text.IndexOf('\n', i + 1)) _newlines.Add(i);
            int sourceLines = block.LineEnd - block.LineStart;
            _shift = 0;
            _exact = _newlines.Count == sourceLines;
            if (!_exact && block.Kind == BlockKind.Table && block.TableHeader is not null && sourceLines == _newlines.Count + 1)
            {
                _exact = true; // Markdown pipe tables have a delimiter row after the header
                _shift = 1;
            }
        }
        if (!_exact) return (block.LineStart, block.LineEnd);
        int before = NewlinesBefore(offset);
        int through = NewlinesBefore(offset + Math.Max(0, length - 1));
        int first = block.LineStart + before + (before > 0 ? _shift : 0);
        int last = block.LineStart + through + (through > 0 ? _shift : 0);
        return (Math.Min(first, block.LineEnd), Math.Min(last, block.LineEnd));
    }

    private int NewlinesBefore(int offset)
    {
        int index = _newlines.BinarySearch(offset);
        return index >= 0 ? index : ~index;
    }
}
