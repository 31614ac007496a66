using System.CommandLine;
using Tailor.Examples;

namespace Tailor.Cli.Commands;

internal static class ExamplesCommand
{
    public static Command Create()
    {
        var command = new Command("examples", "Manage the few-shot examples shown to a chat model with each question (the most similar ones are chosen per question).");
        command.Add(Add());
        command.Add(List());
        command.Add(Remove());
        command.Add(Import());
        command.Add(Select());
        return command;
    }

    private static Command Add()
    {
        var kb = CliOptions.KnowledgeBase();
        var json = CliOptions.Json();
        var input = new Option<string>("--input") { Description = "The example question or input.", Required = true };
        var output = new Option<string>("--output") { Description = "The answer or output the model should imitate.", Required = true };
        var id = new Option<string?>("--id") { Description = "Id for the example (default: derived from its content)." };
        var command = new Command("add", "Store one example.") { kb, json, input, output, id };
        command.SetAction(parse =>
        {
            var dir = CliOptions.ResolveKb(parse.GetValue(kb));
            KnowledgeBaseFolder.EnsureCanHold(dir, force: false);
            using var kbase = KnowledgeBase.Open(dir, embedder: EmbedderHost.Resolve());
            var example = kbase.Examples.Add(parse.GetValue(input)!, parse.GetValue(output)!, parse.GetValue(id));
            if (parse.GetValue(json)) CliJson.Write(new { id = example.Id, input = example.Input, output = example.Output });
            else Console.Out.WriteLine($"Added example {example.Id}.");
            return 0;
        });
        return command;
    }

    private static Command List()
    {
        var kb = CliOptions.KnowledgeBase();
        var json = CliOptions.Json();
        var command = new Command("list", "List the stored examples.") { kb, json };
        command.SetAction(parse =>
        {
            using var kbase = KnowledgeBase.OpenExisting(CliOptions.ResolveKb(parse.GetValue(kb)), EmbedderHost.Resolve());
            var examples = kbase.Examples.List();
            if (parse.GetValue(json))
            {
                CliJson.Write(new { examples = examples.Select(e => new { id = e.Id, input = e.Input, output = e.Output }), count = examples.Count });
                return 0;
            }
            foreach (var e in examples) Console.Out.WriteLine($"{e.Id}\t{SearchCommand.Snippet(e.Input, 60)}\t→ {SearchCommand.Snippet(e.Output, 60)}");
            Console.Out.WriteLine($"{examples.Count} examples");
            return 0;
        });
        return command;
    }

    private static Command Remove()
    {
        var kb = CliOptions.KnowledgeBase();
        var json = CliOptions.Json();
        var id = new Argument<string>("ID") { Description = "The example to remove (see `tailor examples list`)." };
        var command = new Command("remove", "Remove an example by id.") { id, kb, json };
        command.SetAction(parse =>
        {
            using var kbase = KnowledgeBase.OpenExisting(CliOptions.ResolveKb(parse.GetValue(kb)), EmbedderHost.Resolve());
            var name = parse.GetValue(id)!;
            if (!kbase.Examples.Remove(name))
                throw new TailorException($"no example has id \"{name}\"; see `tailor examples list`.");
            if (parse.GetValue(json)) CliJson.Write(new { removed = name });
            else Console.Out.WriteLine($"Removed example {name}.");
            return 0;
        });
        return command;
    }

    private static Command Import()
    {
        var kb = CliOptions.KnowledgeBase();
        var json = CliOptions.Json();
        var file = new Argument<string>("FILE")
        {
            Description = "JSON Lines, one example per line: {\"input\",\"output\"}, {\"question\",\"answer\"}, {\"prompt\",\"completion\"} or an OpenAI chat record {\"messages\":[...]}; optional \"id\".",
        };
        var command = new Command("import", "Import examples from a JSONL file; a malformed line fails the import (nothing written) with its line number; duplicates are skipped and counted.") { file, kb, json };
        command.SetAction(parse =>
        {
            var dir = CliOptions.ResolveKb(parse.GetValue(kb));
            KnowledgeBaseFolder.EnsureCanHold(dir, force: false);
            using var kbase = KnowledgeBase.Open(dir, embedder: EmbedderHost.Resolve());
            var result = kbase.Examples.Import(Path.GetFullPath(parse.GetValue(file)!));
            if (parse.GetValue(json)) CliJson.Write(new { added = result.Added, duplicates = result.Duplicates, lines = result.Lines });
            else Console.Out.WriteLine($"Imported {result.Added} examples ({result.Duplicates} duplicates skipped, {result.Lines} lines read).");
            return 0;
        });
        return command;
    }

    private static Command Select()
    {
        var kb = CliOptions.KnowledgeBase();
        var json = CliOptions.Json();
        var question = new Argument<string>("QUESTION") { Description = "The question examples are chosen for." };
        var k = new Option<int>("-k", "--top") { Description = "Number of examples.", DefaultValueFactory = _ => 3 };
        var lambda = new Option<double>("--lambda") { Description = "MMR trade-off: 1 = most similar only, lower = more diverse.", DefaultValueFactory = _ => ExampleSelector.DefaultLambda };
        var command = new Command("select", "Show which examples would be shown to the model for a question, with their similarity.") { question, kb, json, k, lambda };
        command.SetAction(async (parse, ct) =>
        {
            using var kbase = KnowledgeBase.OpenExisting(CliOptions.ResolveKb(parse.GetValue(kb)), EmbedderHost.Resolve());
            var selector = kbase.ExampleSelector();
            var picks = await selector.SelectAsync(parse.GetValue(question)!, parse.GetValue(k), parse.GetValue(lambda), cancellationToken: ct);
            if (parse.GetValue(json))
            {
                CliJson.Write(new
                {
                    method = selector.Method,
                    examples = picks.Select(p => new { id = p.Example.Id, similarity = Math.Round(p.Similarity, 6), input = p.Example.Input, output = p.Example.Output }),
                });
                return 0;
            }
            if (picks.Count == 0) Console.Out.WriteLine("No examples stored; add some with `tailor examples add` or `tailor examples import`.");
            int rank = 0;
            foreach (var p in picks)
                Console.Out.WriteLine($"{++rank}. {p.Similarity:F3}  {p.Example.Id}  {SearchCommand.Snippet(p.Example.Input, 70)}");
            if (picks.Count > 0) Console.Out.WriteLine($"(similarity: {selector.Method})");
            return 0;
        });
        return command;
    }
}
