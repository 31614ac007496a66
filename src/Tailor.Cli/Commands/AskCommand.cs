using System.CommandLine;
using System.Globalization;
using Tailor.Answering;
using Tailor.Tokenization;
using Tailor.Responses;

namespace Tailor.Cli.Commands;

internal static class AskCommand
{
    public static Command Create()
    {
        var question = new Argument<string>("QUESTION") { Description = "The question to answer from the knowledge base." };
        var kb = CliOptions.KnowledgeBase();
        var json = CliOptions.Json();
        var chat = new ChatModelHost();
        var session = new Option<string?>("--session") { Description = "Ask within a stored chat session: a follow-up is understood from the earlier turns (see `tailor chat`)." };
        var noSql = new Option<bool>("--no-sql") { Description = "With a chat model, never answer a question over a table source (CSV, TSV, a sheet) by a read-only SQL query; answer from the text of its rows." };
        var command = new Command("ask", "Answer a question from your documents, each claim cited [n] with a link to its source: with the configured chat model (TAILOR_CHAT_MODEL + OPENAI_BASE_URL or OPENAI_API_KEY), else with sentences quoted offline.") { question, kb, json, session, noSql };
        var retrieval = new RetrievalOptionSet(new AskOptions().K, "Chunks to read the answer from.").AddTo(command);
        chat.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            using var kbase = KnowledgeBase.OpenExisting(CliOptions.ResolveKb(parse.GetValue(kb)), EmbedderHost.Resolve());
            var search = retrieval.Resolve(parse);
            using var disposeReranker = search.Reranker as IDisposable;
            var options = new AskOptions { Fallback = chat.Fallback(parse), TableQuery = parse.GetValue(noSql) ? null : new() }.WithSearch(search);
            bool asJson = parse.GetValue(json);
            var model = chat.Resolve(parse);
            if (parse.GetValue(session) is { } name)
                return await ChatCommand.AskInSessionAsync(kbase, name, parse.GetValue(question)!, model, chat, parse, options, asJson, ct);
            if (model is null)
            {
                Write(await kbase.AskAsync(parse.GetValue(question)!, options, ct), asJson, streamed: false);
                return 0;
            }
            var answerer = kbase.CreateAnswerer(model, chat.Generation(parse), PriceTable.Resolve());
            bool stream = !asJson && CliTerminal.IsInteractive;
            bool streamed = false;
            Answer answer;
            try
            {
                answer = await kbase.AskAsync(parse.GetValue(question)!, answerer, options, stream ? Show : null, ct);
            }
            catch (TailorException) when (streamed)
            {
                Console.Out.WriteLine(); // end the partial line before the error
                throw;
            }
            if (answer.Fallback is { } failure && answer.Model == Answer.ExtractiveModel)
            {
                if (streamed) Console.Out.WriteLine(); // end the partial answer the model broke off
                ChatCommand.NoteFallback(failure);
                streamed = false;
            }
            Write(answer, asJson, streamed);
            return 0;

            void Show(string text)
            {
                streamed = true;
                Console.Out.Write(text);
                Console.Out.Flush();
            }
        });
        return command;
    }

    private static void Write(Answer answer, bool asJson, bool streamed)
    {
        if (asJson)
        {
            CliJson.Write(AnswerResponse.From(answer));
            return;
        }
        if (answer.Fallback is { } why)
            Console.Out.WriteLine(answer.Model == Answer.ExtractiveModel ? "(answered offline: the model server failed)" : $"({why})");
        if (streamed) Console.Out.WriteLine();
        Print(answer, printText: !streamed);
    }

    internal static void Print(Answer answer, bool printText = true)
    {
        if (printText) Console.Out.WriteLine(answer.Text);
        if (!answer.Found && answer.Reason is { Length: > 0 } reason) Console.Out.WriteLine($"Why: {reason}");
        if (answer.Citations.Count > 0)
        {
            Console.Out.WriteLine();
            Console.Out.WriteLine("Sources:");
            foreach (var group in answer.Citations.GroupBy(c => c.N).OrderBy(g => g.Key))
                Console.Out.WriteLine($"  [{group.Key}] {group.First().Link}");
        }
        if (answer.InvalidCitations.Count > 0)
            Console.Out.WriteLine($"Removed citations to sources that were not given: {string.Join(", ", answer.InvalidCitations.Select(n => $"[{n}]"))}");
        if (answer.Uncited.Count > 0)
            Console.Out.WriteLine($"Uncited sentences: {answer.Uncited.Count} (check them against the sources)");
        if (answer.Usage is { } usage)
        {
            var cost = answer.CostUsd is { } c ? string.Create(CultureInfo.InvariantCulture, $", about ${c:0.######}") : "";
            var estimated = usage.Estimated ? " (estimated)" : "";
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{answer.Model}: {usage.InputTokens:N0} tokens in, {usage.OutputTokens:N0} out{estimated}{cost}"));
        }
    }
}
