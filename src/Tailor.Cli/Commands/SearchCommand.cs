using System.CommandLine;
using System.Text.Json.Serialization;
using Tailor.Retrieval;

namespace Tailor.Cli.Commands;

internal static class SearchCommand
{
    public static Command Create()
    {
        var query = new Argument<string>("QUERY") { Description = "What to search for." };
        var kb = CliOptions.KnowledgeBase();
        var json = CliOptions.Json();
        var explain = new Option<bool>("--explain") { Description = "Show each hit's lexical rank, vector rank and fused score." };
        var command = new Command("search", "Search the knowledge base; prints ranked chunks with their sources.") { query, kb, json, explain };
        var retrieval = new RetrievalOptionSet(new SearchOptions().K, "Number of hits.").AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            using var kbase = KnowledgeBase.OpenExisting(CliOptions.ResolveKb(parse.GetValue(kb)), EmbedderHost.Resolve());
            var options = retrieval.Resolve(parse);
            using var disposeReranker = options.Reranker as IDisposable;
            var result = await kbase.SearchAsync(parse.GetValue(query)!, options, ct);
            bool why = parse.GetValue(explain);
            if (parse.GetValue(json))
            {
                CliJson.Write(new SearchJson(result.Hits.Select(h => HitJson.From(h, why, options.Reranker?.Name)).ToList(), DegradedJson.From(result.Degraded)));
                return ExitCodes.Ok;
            }
            if (result.Degraded is { } degraded) Console.Error.WriteLine($"note: {degraded.Reason}");
            if (result.Hits.Count == 0) Console.Out.WriteLine("No matches.");
            int rank = 0;
            foreach (var h in result.Hits)
            {
                rank++;
                Console.Out.WriteLine($"{rank,2}. {h.Score:F3}  {h.DocumentId}{(h.Section.Length > 0 ? "  — " + h.Section : "")}");
                Console.Out.WriteLine($"    {h.Link}");
                if (why && h.Explanation is { } e)
                    Console.Out.WriteLine($"    {e.Mode.ToString().ToLowerInvariant()}: lexical rank {(e.LexicalRank > 0 ? e.LexicalRank : "-")}, vector rank {(e.VectorRank > 0 ? e.VectorRank : "-")}, fused score {e.FusedScore:F4}"
                        + (e.RerankScore is { } rs ? $", fused rank {e.FusedRank}, rerank score {rs:F4} ({options.Reranker?.Name})" : ""));
                Console.Out.WriteLine($"    {Snippet(h.Text, 200)}");
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    internal static string Snippet(string text, int max)
    {
        var flat = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return flat.Length <= max ? flat : flat[..max].TrimEnd() + "…";
    }

    /// <summary>`tailor search --json`: the hits, and <c>degraded</c> (always present, null when the search ran as asked).</summary>
    private sealed record SearchJson(IReadOnlyList<HitJson> Hits, [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] DegradedJson? Degraded);
}
