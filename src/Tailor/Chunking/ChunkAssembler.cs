using System.Text;
using Tailor.Extraction;
using Tailor.Tokenization;

namespace Tailor.Chunking;

/// <summary>The state of chunking one document (see <see cref="Chunker"/> for the rules).</summary>
internal sealed class ChunkAssembler
{
    private readonly ExtractedDocument _document;
    private readonly IReadOnlyList<Block> _blocks;
    private readonly ChunkingOptions _options;
    private readonly ITokenCounter _counter;
    private readonly BlockSplitter _splitter;
    private readonly int _spaceTokens, _lineTokens, _paragraphTokens;
    private readonly List<ChunkDraft> _chunks = [];
    private readonly List<ChunkUnit> _current = [];
    private readonly List<ChunkUnit> _units = [];
    private readonly List<ChunkUnit> _scratch = [];
    private readonly StringBuilder _text = new();
    private int _currentTokens;
    private string _path = "";
    private ChunkDraft? _headingOnly;

    public ChunkAssembler(ExtractedDocument document, ChunkingOptions options, ITokenCounter counter, int spaceTokens, int lineTokens, int paragraphTokens)
    {
        _document = document;
        _blocks = document.Blocks;
        _options = options;
        _counter = counter;
        _spaceTokens = spaceTokens;
        _lineTokens = lineTokens;
        _paragraphTokens = paragraphTokens;
        _splitter = new BlockSplitter(counter, options.MaxTokens);
    }

    public List<ChunkDraft> Run()
    {
        var sections = Section.Of(_document);
        string title = _document.Title.Trim();
        for (int s = 0; s < sections.Count; s++)
        {
            var section = sections[s];
            _path = section.Path;
            int reserve = 0;
            if (section.Level == 0 && title.Length > 0 && section.Path.Length > 0)
            {
                int titleTokens = _counter.CountTokens(title);
                var unit = new ChunkUnit(UnitKind.Title, -1, title, 0, title.Length, titleTokens, 0, 0);
                Add(unit, null);
                reserve = titleTokens + _paragraphTokens;
            }
            else if (_blocks[section.First].Kind == BlockKind.Heading)
            {
                reserve = _counter.CountTokens(_blocks[section.First].Text) + _paragraphTokens;
            }
            _splitter.Budget = reserve > 0 && reserve <= _options.MaxTokens / 4 ? _options.MaxTokens - reserve : _options.MaxTokens;
            for (int b = section.First; b < section.End; b++)
            {
                _units.Clear();
                _splitter.Split(_blocks[b], b, _units, out var header);
                foreach (var unit in _units) Add(unit, header);
            }
            bool carry = _currentTokens < _options.MinTokens && s + 1 < sections.Count && section.IsParentOf(sections[s + 1]);
            if (!carry) Emit();
        }
        Emit();
        if (_chunks.Count == 0 && _headingOnly is not null) _chunks.Add(_headingOnly);
        return _chunks;
    }

    private void Add(ChunkUnit unit, ChunkUnit? header)
    {
        int max = _options.MaxTokens;
        bool needsHeader = unit.Kind == UnitKind.Row && header is not null
            && (_current.Count == 0 || _current[^1].BlockIndex != unit.BlockIndex || _current[^1].Kind is not (UnitKind.Row or UnitKind.TableHeader));
        int need = needsHeader
            ? Separator(header!.Value) + header.Value.Tokens + _lineTokens + unit.Tokens
            : Separator(unit) + unit.Tokens;
        if (_currentTokens + need > max && HasContent())
        {
            EmitAndContinue(unit);
            needsHeader = unit.Kind == UnitKind.Row && header is not null;
            need = needsHeader
                ? Separator(header!.Value) + header.Value.Tokens + _lineTokens + unit.Tokens
                : Separator(unit) + unit.Tokens;
        }
        if (_currentTokens + need > max) MakeRoom(need);
        if (needsHeader) Append(header!.Value);
        Append(unit);
    }

    /// <summary>When only overlap and headings are pending and the next unit does not fit: drop overlap, then carried parent headings.</summary>
    private void MakeRoom(int need)
    {
        int max = _options.MaxTokens;
        for (int i = _current.Count - 1; i >= 0 && _currentTokens + need > max; i--)
        {
            if (_current[i].IsOverlap) _current.RemoveAt(i);
        }
        Recount();
        while (_currentTokens + need > max && _current.Count > 1 && _current[0].IsHeadingLike)
        {
            _current.RemoveAt(0);
            Recount();
        }
    }

    private void Recount()
    {
        _currentTokens = 0;
        for (int i = 0; i < _current.Count; i++)
        {
            _currentTokens += _current[i].Tokens + (i == 0 ? 0 : SeparatorBetween(_current[i - 1], _current[i]));
        }
    }

    private void Append(ChunkUnit unit)
    {
        _currentTokens += Separator(unit) + unit.Tokens;
        _current.Add(unit);
    }

    private int Separator(ChunkUnit next) => _current.Count == 0 ? 0 : SeparatorBetween(_current[^1], next);

    private int SeparatorBetween(ChunkUnit previous, ChunkUnit next) => SeparatorText(previous, next) switch
    {
        " " => _spaceTokens,
        "\n" => _lineTokens,
        _ => _paragraphTokens,
    };

    private string SeparatorText(ChunkUnit previous, ChunkUnit next)
    {
        if (previous.BlockIndex == next.BlockIndex && next.BlockIndex >= 0)
            return next.Kind is UnitKind.Sentence or UnitKind.Words && _blocks[next.BlockIndex].Kind != BlockKind.Code ? " " : "\n";
        if (previous.BlockIndex >= 0 && next.BlockIndex >= 0
            && _blocks[previous.BlockIndex].Kind == BlockKind.ListItem && _blocks[next.BlockIndex].Kind == BlockKind.ListItem)
            return "\n";
        return "\n\n";
    }

    private bool HasContent()
    {
        foreach (var unit in _current)
        {
            if (!unit.IsOverlap && !unit.IsHeadingLike && unit.Kind != UnitKind.TableHeader) return true;
        }
        return false;
    }

    /// <summary>Emits the current chunk and starts the next one of the same section with overlap.</summary>
    private void EmitAndContinue(ChunkUnit next)
    {
        _scratch.Clear();
        if (_options.OverlapTokens > 0 && next.Kind is UnitKind.Block or UnitKind.Sentence or UnitKind.Words && IsProse(next))
            CollectOverlap(_scratch);
        Emit();
        foreach (var unit in _scratch) Append(unit with { IsOverlap = true });
    }

    private bool IsProse(ChunkUnit unit) =>
        unit.BlockIndex >= 0 && _blocks[unit.BlockIndex].Kind is BlockKind.Paragraph or BlockKind.ListItem or BlockKind.Quote;

    /// <summary>The trailing whole sentences of the current chunk worth at most OverlapTokens, in order.</summary>
    private void CollectOverlap(List<ChunkUnit> output)
    {
        int budget = _options.OverlapTokens;
        int taken = 0;
        var sentences = new List<ChunkUnit>();
        for (int i = _current.Count - 1; i >= 0; i--)
        {
            var unit = _current[i];
            if (!IsProse(unit) || unit.Kind is not (UnitKind.Block or UnitKind.Sentence)) break;
            sentences.Clear();
            if (unit.Kind == UnitKind.Block) _splitter.Sentences(unit, _blocks[unit.BlockIndex], sentences);
            else sentences.Add(unit);
            for (int k = sentences.Count - 1; k >= 0; k--)
            {
                int cost = sentences[k].Tokens + (output.Count > 0 ? _spaceTokens : 0);
                // "about" OverlapTokens: a single last sentence may exceed it by half
                int limit = output.Count == 0 ? budget + budget / 2 : budget;
                if (taken + cost > limit) goto done;
                taken += cost;
                output.Add(sentences[k]);
            }
        }
        done:
        output.Reverse();
    }

    private void Emit()
    {
        if (_current.Count == 0) return;
        if (!HasContent())
        {
            bool onlyHeadings = true;
            foreach (var unit in _current) onlyHeadings &= unit.IsHeadingLike;
            if (onlyHeadings) _headingOnly ??= Build();
            _current.Clear();
            _currentTokens = 0;
            return;
        }
        _chunks.Add(Build());
        _current.Clear();
        _currentTokens = 0;
    }

    private ChunkDraft Build()
    {
        _text.Clear();
        int lineStart = 0, lineEnd = 0;
        string? anchor = null;
        bool anchorSet = false;
        for (int i = 0; i < _current.Count; i++)
        {
            var unit = _current[i];
            if (i > 0) _text.Append(SeparatorText(_current[i - 1], unit));
            _text.Append(unit.Text);
            if (unit.LineStart > 0)
            {
                lineStart = lineStart == 0 ? unit.LineStart : Math.Min(lineStart, unit.LineStart);
                lineEnd = Math.Max(lineEnd, unit.LineEnd);
            }
            if (!anchorSet && unit.BlockIndex >= 0)
            {
                anchor = _blocks[unit.BlockIndex].Anchor;
                anchorSet = true;
            }
        }
        string text = _text.ToString();
        int tokens = _current.Count == 1 ? _current[0].Tokens : _counter.CountTokens(text);
        return new ChunkDraft(text, _path, lineStart, lineEnd, anchor, tokens);
    }
}
