using System.CommandLine;
using Tailor.Answering;

namespace Tailor.Cli.Commands;

internal static class AskCommand
{
    public static Command Create()
    {
        var question = new Argument<string>("QUESTION") { Description = "The question to answer from the knowledge base." };
        var kb = CliOptions.KnowledgeBase();
        var json = CliOptions.Json();
        var k = new Option<int>("-k", "--top") { Description = "Chunks to read the answer from.", DefaultValueFactory = _ => new AskOptions().K };
        var command = new Command("ask", "Answer a question with sentences quoted from your documents, each cited [n] with a link to its source.") { question, kb, json, k };
        var filters = new SearchFilterOptions().AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            using var kbase = KnowledgeBase.OpenExisting(CliOptions.ResolveKb(parse.GetValue(kb)));
            var answer = await kbase.AskAsync(parse.GetValue(question)!, new AskOptions { K = parse.GetValue(k), Filter = filters.Filter(parse), Mmr = filters.Mmr(parse) }, ct);
            if (parse.GetValue(json))
            {
                CliJson.Write(AnswerJson(answer));
                return 0;
            }
            Print(answer);
            return 0;
        });
        return command;
    }

    internal static object AnswerJson(Answer answer) => new
    {
        answer = answer.Text,
        found = answer.Found,
        citations = answer.Citations.Select(c => new { n = c.N, document_id = c.DocumentId, source = c.Source, link = c.Link, quote = c.Quote }),
        model = answer.Model,
        reason = answer.Reason,
    };

    internal static void Print(Answer answer)
    {
        Console.Out.WriteLine(answer.Text);
        if (answer.Citations.Count == 0) return;
        Console.Out.WriteLine();
        Console.Out.WriteLine("Sources:");
        foreach (var group in answer.Citations.GroupBy(c => c.N).OrderBy(g => g.Key))
            Console.Out.WriteLine($"  [{group.Key}] {group.First().Link}");
    }
}
