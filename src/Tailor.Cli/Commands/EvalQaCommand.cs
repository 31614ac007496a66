using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Tailor.Evaluation.Qa;

namespace Tailor.Cli.Commands;

internal static class EvalQaCommand
{
    public static Command Create()
    {
        var kb = CliOptions.KnowledgeBase();
        var questions = new Option<string>("--questions") { Description = "JSONL file, one {\"question\", \"expected_sources\": [...], \"answer\": \"phrase\"} per line (answer optional).", Required = true };
        var k = new Option<int>("-k") { Description = "hit@k: an expected source must be among the top k search hits (default 5).", DefaultValueFactory = _ => 5 };
        var json = CliOptions.Json();
        var command = new Command("eval-qa", "Measure question answering on an existing knowledge base: hit@k of an expected source, whether the answer contains the expected phrase, and whether every citation points at a retrieved source. The report is also kept in the knowledge base (reports/eval-qa.json) for the server's Quality view.")
        {
            kb, questions, k, json,
        };
        command.SetAction(async (parse, ct) =>
        {
            bool asJson = parse.GetValue(json);
            var list = QaQuestionReader.Read(parse.GetValue(questions)!);
            using var kbase = KnowledgeBase.OpenExisting(CliOptions.ResolveKb(parse.GetValue(kb)), EmbedderHost.Resolve());
            var report = await QaEvaluator.EvaluateAsync(kbase, list, parse.GetValue(k), askOptions: null, progress: null, ct);
            QaReportFile.Save(kbase.Directory, report, DateTimeOffset.UtcNow);
            if (asJson)
            {
                Console.Out.WriteLine(QaJson.Serialize(report));
                return 0;
            }
            Console.Out.WriteLine($"{report.Questions} questions, k = {report.K}");
            var table = new Table();
            table.AddColumn("line").AddColumn("question").AddColumn(new TableColumn($"hit@{report.K}").Centered())
                .AddColumn(new TableColumn("answer").Centered()).AddColumn(new TableColumn("citations").Centered());
            foreach (var r in report.Results)
            {
                string q = r.Question.Length > 60 ? r.Question[..57] + "..." : r.Question;
                string hit = r.Hit is null ? "-" : r.Hit.Value ? $"[green]yes[/] ({r.HitRank})" : "[red]no[/]";
                string answer = r.AnswerContains is null ? (r.Found ? "found" : "not found") : r.AnswerContains.Value ? "[green]contains[/]" : "[red]missing[/]";
                string cites = r.CitationsValid ? $"[green]{r.Citations} ok[/]" : $"[red]{r.InvalidCitations.Count} of {r.Citations} invalid[/]";
                table.AddRow(r.Line.ToString(CultureInfo.InvariantCulture), Markup.Escape(q), hit, answer, cites);
            }
            Render(table);
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"hit@{report.K} {report.HitAtK:0.000} · answer_contains {report.AnswerContains:0.000} · cites_expected {report.CitesExpected:0.000} · citations_valid {report.CitationsValid:0.000} · found {report.Found:0.000}"));
            return 0;
        });
        return command;
    }

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
