using System.CommandLine;
using Tailor.Retrieval;

namespace Tailor.Cli;

/// <summary>
/// The one set of retrieval options search, ask and chat share: <c>-k</c>, <c>--mode</c>, the metadata
/// filters (<c>--tag</c>, <c>--source</c>, <c>--after</c>, <c>--before</c>), <c>--mmr</c> and
/// <c>--rerank</c>/<c>--rerank-depth</c>; resolved into the library's <see cref="SearchOptions"/>.
/// </summary>
internal sealed class RetrievalOptionSet
{
    private readonly Option<int> _k;
    private readonly Option<string?> _mode = CreateMode();
    private readonly Option<string[]> _where = new("--where") { Description = "Only table rows where COLUMN=VALUE or COLUMN!=VALUE (case-insensitive; repeatable: one row must match all).", Arity = ArgumentArity.ZeroOrMore };
    private readonly Option<string[]> _tags = new("--tag") { Description = "Only documents with this tag (repeatable: all must match).", Arity = ArgumentArity.ZeroOrMore };
    private readonly Option<string?> _source = new("--source") { Description = "Only documents whose id (as search shows it) or source path (or URL) starts with this prefix; a relative path also matches as resolved from the current folder." };
    private readonly Option<string?> _after = new("--after") { Description = "Only documents dated on or after this (yyyy-MM-dd or ISO 8601; front matter date, else file time)." };
    private readonly Option<string?> _before = new("--before") { Description = "Only documents dated before this (yyyy-MM-dd or ISO 8601)." };
    private readonly Option<double?> _mmr = new("--mmr") { Description = "Diversify hits by maximal marginal relevance with this lambda (0 = most diverse, 1 = relevance only; typical 0.5-0.7)." };
    private readonly Option<bool> _rerank = CliRerank.Rerank();
    private readonly Option<int> _rerankDepth = CliRerank.Depth();

    /// <param name="defaultK">How many chunks by default.</param>
    /// <param name="kDescription">What k counts for this command.</param>
    public RetrievalOptionSet(int defaultK, string kDescription)
    {
        _k = new Option<int>("-k", "--top") { Description = kDescription, DefaultValueFactory = _ => defaultK };
    }

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public RetrievalOptionSet AddTo(Command command)
    {
        command.Add(_k);
        command.Add(_mode);
        command.Add(_tags);
        command.Add(_where);
        command.Add(_source);
        command.Add(_after);
        command.Add(_before);
        command.Add(_mmr);
        command.Add(_rerank);
        command.Add(_rerankDepth);
        return this;
    }

    /// <summary>
    /// The search the command line asks for. With <c>--rerank</c> it holds a new reranker, which the
    /// caller disposes (<c>using var _ = options.Reranker as IDisposable;</c>).
    /// </summary>
    public SearchOptions Resolve(ParseResult parse) => new()
    {
        K = parse.GetValue(_k),
        Mode = parse.GetValue(_mode) is { } m ? Enum.Parse<SearchMode>(m, ignoreCase: true) : null,
        Filter = Filter(parse),
        Mmr = parse.GetValue(_mmr),
        Reranker = parse.GetValue(_rerank) ? CliRerank.Create() : null,
        RerankDepth = parse.GetValue(_rerankDepth),
    };

    private SearchFilter? Filter(ParseResult parse)
    {
        var filter = new SearchFilter
        {
            Tags = parse.GetValue(_tags) ?? [],
            SourcePrefix = parse.GetValue(_source) is { Length: > 0 } source ? source : null,
            SourcePath = SearchFilter.ResolveSourcePath(parse.GetValue(_source)),
            After = parse.GetValue(_after) is { } a ? SearchFilter.ParseDate(a, "--after") : null,
            Before = parse.GetValue(_before) is { } b ? SearchFilter.ParseDate(b, "--before") : null,
            Where = (parse.GetValue(_where) ?? []).Select(w => ColumnCondition.Parse(w)).ToList(),
        };
        return filter.IsEmpty ? null : filter;
    }

    private static Option<string?> CreateMode()
    {
        var mode = new Option<string?>("--mode") { Description = "lexical, vector or hybrid (default: the knowledge base's setting, hybrid)." };
        mode.AcceptOnlyFromAmong("lexical", "vector", "hybrid");
        return mode;
    }
}
