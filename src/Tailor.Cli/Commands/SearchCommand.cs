using System.CommandLine;
using Tailor.Retrieval;

namespace Tailor.Cli.Commands;

internal static class SearchCommand
{
    public static Command Create()
    {
        var query = new Argument<string>("QUERY") { Description = "What to search for." };
        var kb = CliOptions.KnowledgeBase();
        var json = CliOptions.Json();
        var k = new Option<int>("-k", "--top") { Description = "Number of hits.", DefaultValueFactory = _ => 10 };
        var mode = new Option<string?>("--mode") { Description = "lexical, vector or hybrid (default: the knowledge base's setting, hybrid)." };
        mode.AcceptOnlyFromAmong("lexical", "vector", "hybrid");
        var explain = new Option<bool>("--explain") { Description = "Show each hit's lexical rank, vector rank and fused score." };
        var rerank = CliRerank.Rerank();
        var rerankDepth = CliRerank.Depth();
        var command = new Command("search", "Search the knowledge base; prints ranked chunks with their sources.") { query, kb, json, k, mode, explain, rerank, rerankDepth };
        var filters = new SearchFilterOptions().AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            using var kbase = KnowledgeBase.OpenExisting(CliOptions.ResolveKb(parse.GetValue(kb)), EmbedderHost.Resolve());
            var reranker = parse.GetValue(rerank) ? CliRerank.Create() : null;
            using var disposeReranker = reranker as IDisposable;
            var options = new SearchOptions
            {
                K = parse.GetValue(k),
                Mode = parse.GetValue(mode) is { } m ? Enum.Parse<SearchMode>(m, ignoreCase: true) : null,
                Filter = filters.Filter(parse),
                Mmr = filters.Mmr(parse),
                Reranker = reranker,
                RerankDepth = parse.GetValue(rerankDepth),
            };
            var result = await kbase.SearchAsync(parse.GetValue(query)!, options, ct);
            if (parse.GetValue(json))
            {
                CliJson.Write(new
                {
                    hits = result.Hits.Select(h => new
                    {
                        document_id = h.DocumentId,
                        chunk_id = h.ChunkId,
                        source = h.Source,
                        section = h.Section,
                        score = Math.Round(h.Score, 6),
                        text = h.Text,
                        link = h.Link,
                        title = h.Title,
                        explain = parse.GetValue(explain) && h.Explanation is { } e
                            ? new
                            {
                                mode = e.Mode.ToString().ToLowerInvariant(),
                                lexical_rank = e.LexicalRank,
                                vector_rank = e.VectorRank,
                                fused_score = Math.Round(e.FusedScore, 6),
                                fused_rank = e.RerankScore is null ? (int?)null : e.FusedRank,
                                rerank_score = e.RerankScore is { } r ? Math.Round(r, 6) : (double?)null,
                                reranker = e.RerankScore is null ? null : reranker?.Name,
                            }
                            : null,
                    }),
                });
                return 0;
            }
            if (result.Hits.Count == 0) Console.Out.WriteLine("No matches.");
            int rank = 0;
            foreach (var h in result.Hits)
            {
                rank++;
                Console.Out.WriteLine($"{rank,2}. {h.Score:F3}  {h.DocumentId}{(h.Section.Length > 0 ? "  — " + h.Section : "")}");
                Console.Out.WriteLine($"    {h.Link}");
                if (parse.GetValue(explain) && h.Explanation is { } why)
                    Console.Out.WriteLine($"    {why.Mode.ToString().ToLowerInvariant()}: lexical rank {(why.LexicalRank > 0 ? why.LexicalRank : "-")}, vector rank {(why.VectorRank > 0 ? why.VectorRank : "-")}, fused score {why.FusedScore:F4}"
                        + (why.RerankScore is { } rs ? $", fused rank {why.FusedRank}, rerank score {rs:F4} ({reranker?.Name})" : ""));
                Console.Out.WriteLine($"    {Snippet(h.Text, 200)}");
            }
            return 0;
        });
        return command;
    }

    internal static string Snippet(string text, int max)
    {
        var flat = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return flat.Length <= max ? flat : flat[..max].TrimEnd() + "…";
    }
}
