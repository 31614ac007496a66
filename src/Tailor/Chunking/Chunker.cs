using Tailor.Extraction;
using Tailor.Tokenization;

namespace Tailor.Chunking;

/// <summary>
/// Cuts an extracted document into token-budgeted chunks that follow its structure: sections by
/// heading (path "H1 > H2 > H3", the title as root when no H1 is), whole blocks packed up to
/// <see cref="ChunkingOptions.MaxTokens"/>, larger blocks split at sentence boundaries (words only
/// for sentences longer than the budget), tables by rows with the header row in every piece, code
/// by lines. The next chunk of a long section starts with the last whole sentences (about
/// <see cref="ChunkingOptions.OverlapTokens"/>) of the previous one. A tiny section is merged into
/// its first subsection instead of standing alone; otherwise chunks never cross sections. A chunk
/// starting a section begins with the section's heading. Each piece of text is counted once.
/// Thread-safe: one instance can serve parallel ingestion.
/// </summary>
public sealed class Chunker
{
    private readonly ChunkingOptions _options;
    private readonly ITokenCounter _counter;
    private readonly int _spaceTokens, _lineTokens, _paragraphTokens;

    public Chunker(ChunkingOptions options, ITokenCounter counter)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(counter);
        options.Validate();
        _options = options;
        _counter = counter;
        _spaceTokens = counter.CountTokens(" ");
        _lineTokens = counter.CountTokens("\n");
        _paragraphTokens = counter.CountTokens("\n\n");
    }

    public ChunkingOptions Options => _options;

    public ITokenCounter Counter => _counter;

    public IReadOnlyList<ChunkDraft> Chunk(ExtractedDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (document.Blocks.Count == 0)
        {
            // a record with a title but no text (BEIR has such) is still findable by its title
            string title = document.Title.Trim();
            return title.Length == 0 ? [] : [new ChunkDraft(title, title, 0, 0, null, _counter.CountTokens(title))];
        }
        var assembler = new ChunkAssembler(document, _options, _counter, _spaceTokens, _lineTokens, _paragraphTokens);
        return assembler.Run();
    }
}
