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
    private readonly Dictionary<int, ChunkUnit> _headers = [];
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
            // the first content block must fit beside the heading that starts its chunk
            int firstBudget = reserve > 0 && reserve <= _options.MaxTokens / 2 ? _options.MaxTokens - reserve : _options.MaxTokens;
            bool first = true;
            for (int b = section.First; b < section.End; b++)
            {
                var block = _blocks[b];
                if (string.IsNullOrWhiteSpace(block.Text)) continue;
                bool heading = block.Kind == BlockKind.Heading;
                _splitter.Budget = first && !heading ? firstBudget : _options.MaxTokens;
                if (!heading) first = false;
                _units.Clear();
                _splitter.Split(block, b, _units, out var header);
                if (header is not null) _headers[b] = header.Value;
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
        // drop the oldest overlap sentences first, keeping the ones nearest the new text
        int index = _current.FindIndex(u => u.IsOverlap);
        while (index >= 0 && _currentTokens + need > max)
        {
            _current.RemoveAt(index);
            Recount();
            index = _current.FindIndex(u => u.IsOverlap);
        }
        while (_currentTokens + need > max && _current.Count > 0 && _current[0].IsHeadingLike)
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
        // headings at the end belong to the next chunk (a tiny parent merged with its subsection)
        int headings = 0;
        while (headings < _current.Count && _current[_current.Count - 1 - headings].IsHeadingLike) headings++;
        if (headings > 0)
        {
            _scratch.AddRange(_current.GetRange(_current.Count - headings, headings));
            _current.RemoveRange(_current.Count - headings, headings);
            Recount();
        }
        else if (_options.OverlapTokens > 0 && next.Kind is UnitKind.Block or UnitKind.Sentence or UnitKind.Words && IsProse(next))
        {
            CollectOverlap(_scratch);
            for (int i = 0; i < _scratch.Count; i++) _scratch[i] = _scratch[i] with { IsOverlap = true };
        }
        Emit();
        foreach (var unit in _scratch) Append(unit);
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
        var draft = Build();
        List<ChunkUnit>? spill = null;
        // Token counts of real tokenizers are not exactly additive: when the whole text counts
        // over the budget, trailing units move on to the next chunk.
        while (draft.TokenCount > _options.MaxTokens)
        {
            int content = 0;
            foreach (var unit in _current) if (!unit.IsHeadingLike && unit.Kind != UnitKind.TableHeader) content++;
            if (content > 1)
            {
                (spill ??= []).Insert(0, _current[^1]);
                _current.RemoveAt(_current.Count - 1);
                while (_current.Count > 0 && _current[^1].Kind == UnitKind.TableHeader) _current.RemoveAt(_current.Count - 1);
            }
            else if (_current.Count > 1 && (_current[0].IsHeadingLike || _current[0].IsOverlap))
            {
                _current.RemoveAt(0);
            }
            else
            {
                break;
            }
            draft = Build();
        }
        _chunks.Add(draft);
        _current.Clear();
        _currentTokens = 0;
        if (spill is null) return;
        foreach (var unit in spill)
        {
            if (unit.Kind == UnitKind.TableHeader) continue;
            Add(unit, unit.Kind == UnitKind.Row && _headers.TryGetValue(unit.BlockIndex, out var header) ? header : null);
        }
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
        return new ChunkDraft(text, _path, lineStart, lineEnd, anchor, tokens, Rows());
    }

    /// <summary>The table rows of the current units (whole table blocks and single rows of tables with a header).</summary>
    private List<IReadOnlyDictionary<string, string>>? Rows()
    {
        List<IReadOnlyDictionary<string, string>>? rows = null;
        foreach (var unit in _current)
        {
            if (unit.BlockIndex < 0 || unit.Kind is not (UnitKind.Block or UnitKind.Row)) continue;
            var block = _blocks[unit.BlockIndex];
            if (block.Kind != BlockKind.Table || string.IsNullOrEmpty(block.TableHeader)) continue;
            (rows ??= []).AddRange(TableRows.Read(block.TableHeader, unit.Text.ToString().Split('\n')));
        }
        return rows;
    }
}
