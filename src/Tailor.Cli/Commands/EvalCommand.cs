using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Tailor.Evaluation.Datasets;
using Tailor.Evaluation.Reports;
using Tailor.Evaluation.Runs;
using Tailor.Retrieval;

namespace Tailor.Cli.Commands;

internal static class EvalCommand
{
    public static Command Create()
    {
        var dataset = new Option<string>("--dataset") { Description = "BEIR dataset folder: corpus.jsonl, queries.jsonl, qrels/<split>.tsv.", Required = true };
        var mode = new Option<string>("--mode") { Description = "Search mode to evaluate: lexical, vector, hybrid or all (default lexical).", DefaultValueFactory = _ => "lexical" };
        mode.AcceptOnlyFromAmong("lexical", "vector", "hybrid", "all");
        var json = CliOptions.Json();
        var report = new Option<string?>("--report") { Description = "Also write a self-contained HTML report (tables and a recall@k plot) to this file." };
        var cutoffs = new Option<int[]>("-k") { Description = "Extra cutoffs to report nDCG@k, Recall@k, MRR@k and P@k at (e.g. -k 5 20).", AllowMultipleArgumentsPerToken = true };
        var depth = new Option<int>("--depth") { Description = "Chunk hits retrieved per query before collapsing to documents (default 1000).", DefaultValueFactory = _ => 1000 };
        var split = new Option<string>("--split") { Description = "Qrels split to use: qrels/<split>.tsv (default test).", DefaultValueFactory = _ => "test" };
        var keep = new Option<bool>("--keep") { Description = "Keep the temporary knowledge base built for the run and print its folder." };
        var command = new Command("eval", "Measure retrieval quality on a BEIR dataset: ingest its corpus into a temporary knowledge base, run every judged query, report nDCG@10, Recall@100, MRR@10, MAP, P@10 and latency.")
        {
            dataset, mode, json, report, cutoffs, depth, split, keep,
        };
        var embedder = new Option<string?>("--embedder") { Description = $"Embedder of the evaluated knowledge base: {EmbedderHost.Choices}. Default: as `tailor ingest` chooses for a new knowledge base." };
        command.Add(embedder);
        var kbDir = new Option<string?>("--kb") { Description = "Build the evaluated knowledge base in this new folder instead of a temporary one (with --keep it stays, to query later)." };
        command.Add(kbDir);
        command.SetAction(async (parse, ct) =>
        {
            bool asJson = parse.GetValue(json);
            string modeName = parse.GetValue(mode) ?? "lexical";
            var options = new EvaluationOptions
            {
                Modes = modeName == "all" ? [SearchMode.Lexical, SearchMode.Vector, SearchMode.Hybrid] : [Enum.Parse<SearchMode>(modeName, ignoreCase: true)],
                Cutoffs = parse.GetValue(cutoffs) ?? [],
                Depth = parse.GetValue(depth),
                Keep = parse.GetValue(keep),
                KnowledgeBaseDirectory = parse.GetValue(kbDir),
                Embedder = parse.GetValue(embedder) is { } name ? EmbedderHost.Named(name) : EmbedderHost.Resolve() ?? EmbedderHost.Named(EmbedderHost.Default),
            };
            options.Validate();
            var data = BeirDataset.Load(parse.GetValue(dataset)!, parse.GetValue(split) ?? "test");
            var progress = new SyncProgress<string>(line =>
            {
                if (asJson) return;
                Console.Error.WriteLine(line);
            });
            var result = await BeirEvaluation.RunAsync(data, options, progress, ct);

            var refused = result.Results.FirstOrDefault(r => !r.Succeeded);
            if (modeName != "all" && refused != null)
                throw new TailorException($"mode {refused.Name} cannot be evaluated: {refused.Error}");
            if (parse.GetValue(report) is { Length: > 0 } reportPath)
            {
                HtmlReport.WriteFile(reportPath, result, DateTimeOffset.UtcNow);
                if (!asJson) Console.Error.WriteLine($"report written to {Path.GetFullPath(reportPath)}");
            }
            if (asJson) Console.Out.WriteLine(EvaluationJson.Serialize(result, options.Cutoffs));
            else WriteTable(result, options.Cutoffs);
            return result.Results.Any(r => r.Succeeded && r.Mode == SearchMode.Lexical) || result.Results.All(r => r.Succeeded) ? 0 : 2;
        });
        return command;
    }

    private static void WriteTable(EvaluationReport result, IReadOnlyList<int> extra)
    {
        var modes = result.Results.Where(r => r.Succeeded).ToList();
        Console.Out.WriteLine($"{result.Dataset}: {result.Documents} documents, {result.Queries} judged queries");
        var table = new Table();
        table.AddColumn("metric");
        foreach (var mode in modes) table.AddColumn(new TableColumn(mode.Name).RightAligned());
        void Row(string name, Func<ModeEvaluation, string> value) => table.AddRow([name, .. modes.Select(value)]);
        Row("nDCG@10", m => F(m.Ndcg[10]));
        Row("Recall@100", m => F(m.Recall[100]));
        Row("MRR@10", m => F(m.Mrr[10]));
        Row("MAP", m => F(m.Map));
        Row("P@10", m => F(m.Precision[10]));
        foreach (int k in extra.Distinct().Order())
        {
            Row($"nDCG@{k}", m => F(m.Ndcg[k]));
            Row($"Recall@{k}", m => F(m.Recall[k]));
            Row($"MRR@{k}", m => F(m.Mrr[k]));
            Row($"P@{k}", m => F(m.Precision[k]));
        }
        Row("ingest s", m => m.IngestSeconds.ToString("0.00", CultureInfo.InvariantCulture));
        Row("query ms p50", m => m.QueryMsP50.ToString("0.00", CultureInfo.InvariantCulture));
        Row("query ms p99", m => m.QueryMsP99.ToString("0.00", CultureInfo.InvariantCulture));
        if (modes.Count > 0) Render(table);
        foreach (var refused in result.Results.Where(r => !r.Succeeded))
            Console.Out.WriteLine($"{refused.Name}: not evaluated: {refused.Error}");
    }

    private static string F(double v) => v.ToString("0.0000", CultureInfo.InvariantCulture);

    /// <summary>Writes a table: coloured on a terminal, plain text for pipes and CI.</summary>
    private static void Render(Table table)
    {
        var console = CliTerminal.IsInteractive ? AnsiConsole.Console : AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Out = new AnsiConsoleOutput(Console.Out),
        });
        console.Write(table);
    }
}
