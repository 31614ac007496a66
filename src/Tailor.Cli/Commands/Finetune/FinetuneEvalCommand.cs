using System.CommandLine;
using Tailor.FineTuning.Datasets;
using Tailor.FineTuning.ModelEvaluation;
using Tailor.OpenAI.Chat;
using Tailor.OpenAI.Configuration;
using Tailor.Tokenization;

namespace Tailor.Cli.Commands.Finetune;

/// <summary>
/// <c>tailor finetune eval TEST --model A [--model B …]</c>: every test example through each model and
/// variant (zero-shot, few-shot, rag), scored, costed, timed, cached, with a recommendation.
/// </summary>
internal static class FinetuneEvalCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "JSONL test set (OpenAI chat, prompt/completion, Alpaca or ShareGPT); the last assistant message of each example is the reference answer." };
        var format = new Option<string?>("--format") { Description = $"Read the files as this format instead of detecting it: {DatasetFormats.Names}." };
        var models = new Option<string[]>("--model") { Description = "Model to evaluate (a base model, a fine-tuned model or a checkpoint id); repeat to compare several.", Required = true, AllowMultipleArgumentsPerToken = false };
        var variants = new Option<string[]>("--variant") { Description = $"How each example is asked: {EvalVariants.Names} (repeat or separate with commas; default zero-shot; all = every variant whose input is given)." };
        var examples = new Option<string?>("--examples") { Description = "JSONL file of solved training examples the few-shot variant chooses 3-5 from per test example (similarity + MMR); checked for leakage into the test set." };
        var kb = new Option<string?>("--kb") { Description = "Knowledge base folder the rag variant retrieves from (answers cite its sources)." };
        var shots = new Option<int>("--shots") { Description = "Few-shot examples shown per test example (default 4).", DefaultValueFactory = _ => 4 };
        var k = new Option<int>("-k") { Description = "Passages retrieved per question for the rag variant (default 6).", DefaultValueFactory = _ => 6 };
        var concurrency = new Option<int>("--concurrency") { Description = "Requests in flight at once (default 4); 429s are retried with backoff.", DefaultValueFactory = _ => 4 };
        var answerTokens = new Option<int>("--answer-tokens") { Description = "Longest answer in tokens (default 512).", DefaultValueFactory = _ => 512 };
        var temperature = new Option<float>("--temperature") { Description = "Sampling temperature (default 0, the most repeatable).", DefaultValueFactory = _ => 0f };
        var judge = new Option<string?>("--judge") { Description = "A model that grades each answer against the reference from 1 to 5 with a reason (judge_score)." };
        var prices = new Option<string?>("--prices") { Description = "JSON price file overriding the built-in table ($TAILOR_PRICES), e.g. {\"llama3.1:8b\": {\"input\": 0, \"output\": 0}}; fine-tuned ids (ft:BASE:...) default to OpenAI's fine-tuned inference prices." };
        var cache = new Option<string?>("--cache") { Description = "Answer cache file (default: beside the test file, <name>.eval-cache.jsonl); a re-run asks only what it has not answered." };
        var noCache = new Option<bool>("--no-cache") { Description = "Keep no answer cache: every answer is asked again." };
        var report = new Option<string?>("--report") { Description = "Also write a self-contained HTML report (variants side by side, bar chart, wrong answers) to this file." };
        var json = CliOptions.Json();
        var command = new Command("eval", "Measure models on a test set: each example through each model and variant (zero-shot, few-shot from --examples, rag from --kb) on the configured OpenAI-compatible server, scored by exact match, token F1, label accuracy, JSON validity and an optional judge, with cost, tokens and latency, and a recommendation tested for noise.")
        {
            file, format, models, variants, examples, kb, shots, k, concurrency, answerTokens, temperature, judge, prices, cache, noCache, report, json,
        };
        command.SetAction(async (parse, ct) =>
        {
            bool asJson = parse.GetValue(json);
            var path = parse.GetValue(file)!;
            DatasetFormat? fmt = parse.GetValue(format) is { } f ? DatasetFormats.Parse(f) : null;
            var items = TestSet.Items(DatasetReader.Read(path, fmt));
            var examplesPath = parse.GetValue(examples);
            var solved = examplesPath is null ? null : TestSet.Examples(DatasetReader.Read(examplesPath, fmt));
            var kbPath = parse.GetValue(kb);
            var chosen = EvalVariants.Parse(parse.GetValue(variants) ?? [], solved != null, kbPath != null);
            var options = new ModelEvalOptions
            {
                Models = parse.GetValue(models) ?? [], Variants = chosen, Concurrency = parse.GetValue(concurrency), Shots = parse.GetValue(shots),
                RagK = parse.GetValue(k), MaxAnswerTokens = parse.GetValue(answerTokens), Temperature = parse.GetValue(temperature),
                Judge = parse.GetValue(judge), Prices = PriceTable.Resolve(parse.GetValue(prices)),
                CachePath = parse.GetValue(noCache) ? null : Path.GetFullPath(parse.GetValue(cache) ?? DefaultCache(path)),
            };
            using var knowledgeBase = chosen.Contains(EvalVariant.Rag) ? KnowledgeBase.OpenExisting(Path.GetFullPath(kbPath!), EmbedderHost.Resolve()) : null;
            var evaluator = new ModelEvaluator(ModelFactory(), options, solved, knowledgeBase);
            int done = 0, total = items.Count * options.Models.Count * chosen.Count;
            var result = await evaluator.EvaluateAsync(Path.GetFullPath(path), items, outcome =>
            {
                int n = Interlocked.Increment(ref done);
                if (!asJson && CliTerminal.IsInteractive) Console.Error.Write($"\r{n}/{total} answered");
            }, ct);
            if (!asJson && CliTerminal.IsInteractive) Console.Error.WriteLine();
            if (parse.GetValue(report) is { Length: > 0 } html) ModelEvalHtmlReport.WriteFile(html, result, DateTimeOffset.UtcNow);
            if (asJson) CliJson.Write(new { result.TestFile, result.Examples, result.Metric, result.Labels, result.JsonReferences, result.Judge, result.Results, result.Items, result.Leaks, result.Recommendation, Cache = options.CachePath });
            else ModelEvalText.Write(Console.Out, result, options.CachePath, parse.GetValue(report));
            return result.Leaks.Count > 0 || result.Results.Any(r => r.Failed > 0) ? 1 : 0;
        });
        return command;
    }

    private static string DefaultCache(string testFile)
    {
        var full = Path.GetFullPath(testFile);
        return Path.Combine(Path.GetDirectoryName(full) ?? ".", Path.GetFileNameWithoutExtension(full) + ".eval-cache.jsonl");
    }

    /// <summary>Chat models on the configured server, made only when an answer is not cached (a fully cached run needs no server).</summary>
    private static Func<string, Chat.IChatModel> ModelFactory()
    {
        OpenAiSettings? settings = null;
        return model =>
        {
            settings ??= OpenAiSettings.Resolve();
            if (!settings.HasServer)
                throw new TailorException($"answers to evaluate with {model} are not cached and no model server is configured: set OPENAI_API_KEY (and OPENAI_BASE_URL for another OpenAI-compatible server, e.g. http://localhost:11434/v1 for Ollama).");
            return new OpenAiChatModel(settings, model);
        };
    }
}
