using System.CommandLine;
using Tailor.Retrieval;

namespace Tailor.Cli;

/// <summary>The retrieval options search and ask share: metadata filters (--tag, --source, --after, --before) and --mmr.</summary>
internal sealed class SearchFilterOptions
{
    private readonly Option<string[]> _tags = new("--tag") { Description = "Only documents with this tag (repeatable: all must match).", Arity = ArgumentArity.ZeroOrMore };
    private readonly Option<string?> _source = new("--source") { Description = "Only documents whose source path (or URL) starts with this prefix." };
    private readonly Option<string?> _after = new("--after") { Description = "Only documents dated on or after this (yyyy-MM-dd or ISO 8601; front matter date, else file time)." };
    private readonly Option<string?> _before = new("--before") { Description = "Only documents dated before this (yyyy-MM-dd or ISO 8601)." };
    private readonly Option<double?> _mmr = new("--mmr") { Description = "Diversify hits by maximal marginal relevance with this lambda (0 = most diverse, 1 = relevance only; typical 0.5-0.7)." };

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public SearchFilterOptions AddTo(Command command)
    {
        command.Add(_tags);
        command.Add(_source);
        command.Add(_after);
        command.Add(_before);
        command.Add(_mmr);
        return this;
    }

    /// <summary>The filter given on the command line, or null when none.</summary>
    public SearchFilter? Filter(ParseResult parse)
    {
        var source = parse.GetValue(_source);
        var filter = new SearchFilter
        {
            Tags = parse.GetValue(_tags) ?? [],
            // sources are stored as full paths (or URLs): a relative path is resolved against the current folder
            SourcePrefix = string.IsNullOrEmpty(source) ? null : source.Contains("://", StringComparison.Ordinal) ? source : Path.GetFullPath(source),
            After = parse.GetValue(_after) is { } a ? SearchFilter.ParseDate(a, "--after") : null,
            Before = parse.GetValue(_before) is { } b ? SearchFilter.ParseDate(b, "--before") : null,
        };
        return filter.IsEmpty ? null : filter;
    }

    public double? Mmr(ParseResult parse) => parse.GetValue(_mmr);
}
