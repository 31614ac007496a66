using System.Text.Json;
using Tailor.Chat;
using Tailor.FineTuning.ModelEvaluation;
using Tailor.FineTuning.Tests.Datasets;
using Tailor.OpenAI.Chat;
using Tailor.OpenAI.Configuration;
using Tailor.Testing;
using Tailor.Testing.OpenAi;
using Tailor.Tokenization;

namespace Tailor.FineTuning.Tests.ModelEvaluation;

/// <summary>
/// Evaluations against the local OpenAI test server, scripted so every expected score is known:
/// "perfect" answers every reference, "half" every other one, "flaky" refuses some requests.
/// </summary>
public sealed class ModelEvaluatorTests
{
    private static string Question(int i) => $"What is the capital of country {i}?";

    private static string Reference(int i) => $"City {i}";

    private static IReadOnlyList<TestItem> Items(int n) =>
        TestSet.Items(Jsonl.Parse(string.Join("\n", Enumerable.Range(0, n).Select(i => Jsonl.Chat(Question(i), Reference(i))))));

    private static int IndexOf(string question) => int.Parse(question[(question.LastIndexOf(' ') + 1)..^1], System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>perfect: the reference; half: the reference for even items, a reply sharing no word with it for odd ones; flaky: refuses every fifth.</summary>
    private static string Scripted(ChatRequest request)
    {
        int i = IndexOf(request.LastUser);
        return request.Model switch
        {
            "perfect" => Reference(i),
            "half" => i % 2 == 0 ? Reference(i) : "no idea",
            "flaky" when i % 5 == 0 => throw new ChatReplyError(400, $"Scripted refusal of item {i}."),
            "flaky" => Reference(i) + ".",
            _ => "unknown model",
        };
    }

    private static Func<string, IChatModel> Models(OpenAiTestServer server) =>
        model => new OpenAiChatModel(new OpenAiSettings { BaseUrl = server.BaseUrl, ApiKey = "test-key", MaxRetries = 3, Timeout = TimeSpan.FromSeconds(60) }, model);

    private static PriceTable Prices()
    {
        Assert.True(PriceTable.TryParseOverrides("""{"perfect": {"input": 1, "output": 2}, "half": {"input": 1, "output": 2}}""", out var table, out var error), error);
        return table!;
    }

    [Fact]
    public async Task A_model_that_answers_every_reference_and_one_that_answers_half_score_exactly()
    {
        await using var server = await OpenAiTestServer.StartAsync();
        server.ChatReply = Scripted;
        var evaluator = new ModelEvaluator(Models(server), new ModelEvalOptions { Models = ["perfect", "half"], Prices = Prices() });
        var report = await evaluator.EvaluateAsync("test.jsonl", Items(10));

        Assert.Equal("token_f1", report.Metric);
        Assert.Null(report.Labels); // ten different references are free text, not labels
        var perfect = report.Results.Single(r => r.Model == "perfect");
        var half = report.Results.Single(r => r.Model == "half");
        Assert.Equal(("zero-shot", 10, 10, 0), (perfect.Variant, perfect.Examples, perfect.Answered, perfect.Failed));
        Assert.Equal(1.0, perfect.ExactMatch);
        Assert.Equal(1.0, perfect.TokenF1);
        Assert.Equal(0.5, half.ExactMatch);
        Assert.Equal(0.5, half.TokenF1);
        Assert.Null(perfect.Accuracy);
        Assert.Null(perfect.JsonValid);
        // the test server counts one token per word: 7 words + 4 per message + 3 = 14 in, "City i" = 2 out
        Assert.Equal(140, perfect.PromptTokens);
        Assert.Equal(20, perfect.CompletionTokens);
        Assert.Equal(0.00018m, perfect.CostUsd); // (140 × $1 + 20 × $2) per million
        Assert.Equal(0.018m, perfect.CostPer1000);
        Assert.True(perfect.LatencyMsP50 > 0 && perfect.LatencyMsP95 >= perfect.LatencyMsP50);
        Assert.Equal(20, server.RequestsTo("chat/completions").Count);
        Assert.Equal(20, report.Items.Count);
        Assert.All(report.Items, i => Assert.False(i.Cached));
        var wrong = report.Items.Where(i => i.Model == "half" && !i.ExactMatch).Select(i => i.Line).ToList();
        Assert.Equal([2, 4, 6, 8, 10], wrong); // the odd items, on lines 2, 4, ...

        // better on 5 items, worse on none: a sign test cannot call that (p = 2 × 0.5^5 = 0.0625)
        var advice = report.Recommendation;
        Assert.Equal(("perfect", "zero-shot", "half"), (advice.BestModel, advice.BestVariant, advice.RunnerUpModel));
        Assert.Equal((5, 0), (advice.Better, advice.Worse));
        Assert.Equal(0.0625, advice.PValue);
        Assert.True(advice.WithinNoise);
        Assert.Contains("within noise", advice.Text);
        Assert.Contains("$0.018 per 1,000 requests", advice.Text);
        Assert.Equal([new Comparison("half", "zero-shot", 5, 0, 0.0625, true)], advice.Comparisons);
    }

    [Fact]
    public async Task With_enough_items_the_better_model_is_recommended_beyond_noise()
    {
        await using var server = await OpenAiTestServer.StartAsync();
        server.ChatReply = Scripted;
        var report = await new ModelEvaluator(Models(server), new ModelEvalOptions { Models = ["half", "perfect"], Prices = Prices() })
            .EvaluateAsync("test.jsonl", Items(20));
        var advice = report.Recommendation;
        Assert.Equal("perfect", advice.BestModel);
        Assert.Equal((10, 0), (advice.Better, advice.Worse));
        Assert.Equal(0.001953, advice.PValue); // 2 × 0.5^10
        Assert.False(advice.WithinNoise);
        Assert.StartsWith("Use perfect zero-shot: token_f1 1 against 0.5 for half zero-shot", advice.Text);
        Assert.Contains("perfect zero-shot: $0.018 per 1,000 requests", advice.Text);
    }

    [Fact]
    public async Task Items_a_model_errors_on_are_failed_items_not_wrong_answers()
    {
        await using var server = await OpenAiTestServer.StartAsync();
        server.ChatReply = Scripted;
        var report = await new ModelEvaluator(Models(server), new ModelEvalOptions { Models = ["flaky"] }).EvaluateAsync("test.jsonl", Items(10));
        var flaky = Assert.Single(report.Results);
        Assert.Equal((10, 8, 2), (flaky.Examples, flaky.Answered, flaky.Failed));
        Assert.Equal(1.0, flaky.ExactMatch); // "City 1." matches "City 1" after normalization
        Assert.Equal(1.0, flaky.TokenF1);
        Assert.Null(flaky.CostUsd); // no price for "flaky"
        var failed = report.Items.Where(i => i.Failed).ToList();
        Assert.Equal([1, 6], failed.Select(i => i.Line));
        Assert.All(failed, f => Assert.Contains("Scripted refusal", f.Error));
        Assert.All(failed, f => Assert.False(f.ExactMatch));
    }

    [Fact]
    public async Task Rate_limited_requests_are_retried_and_all_answered()
    {
        await using var server = await OpenAiTestServer.StartAsync();
        server.ChatReply = Scripted;
        server.Fail("chat/completions", ServerFault.Status(429, retryAfterSeconds: 0), times: 3);
        var report = await new ModelEvaluator(Models(server), new ModelEvalOptions { Models = ["perfect"], Concurrency = 2 }).EvaluateAsync("test.jsonl", Items(6));
        var result = Assert.Single(report.Results);
        Assert.Equal((6, 0, 1.0), (result.Answered, result.Failed, result.ExactMatch));
        Assert.Equal(9, server.RequestsTo("chat/completions").Count);
    }

    [Fact]
    public async Task A_rerun_takes_answers_from_the_cache_and_sends_no_request_twice()
    {
        await using var server = await OpenAiTestServer.StartAsync();
        server.ChatReply = Scripted;
        using var dir = new TempDirectory();
        var cache = dir.File("answers.jsonl");
        var options = new ModelEvalOptions { Models = ["perfect", "flaky"], CachePath = cache };
        var first = await new ModelEvaluator(Models(server), options).EvaluateAsync("test.jsonl", Items(10));
        Assert.Equal(20, server.RequestsTo("chat/completions").Count);
        Assert.Equal(18, File.ReadAllLines(cache).Count(l => l.Length > 0)); // the 2 failed requests are not cached

        var second = await new ModelEvaluator(Models(server), options).EvaluateAsync("test.jsonl", Items(10));
        var again = server.RequestsTo("chat/completions").Skip(20).ToList();
        Assert.Equal(2, again.Count); // only the failed items are asked again
        Assert.All(again, r => Assert.Equal("flaky", r.Json!["model"]!.GetValue<string>()));
        Assert.Equal(18, second.Items.Count(i => i.Cached));
        Assert.Equal(first.Results.Select(r => (r.Model, r.ExactMatch, r.TokenF1, r.PromptTokens)), second.Results.Select(r => (r.Model, r.ExactMatch, r.TokenF1, r.PromptTokens)));

        // a fully cached run needs no server at all
        options = options with { Models = ["perfect"] };
        var offline = await new ModelEvaluator(_ => throw new TailorException("no server"), options).EvaluateAsync("test.jsonl", Items(10));
        Assert.Equal(1.0, Assert.Single(offline.Results).ExactMatch);
    }

    [Fact]
    public async Task A_cache_line_cut_short_by_a_kill_is_asked_again()
    {
        await using var server = await OpenAiTestServer.StartAsync();
        server.ChatReply = Scripted;
        using var dir = new TempDirectory();
        var cache = dir.File("answers.jsonl");
        var options = new ModelEvalOptions { Models = ["perfect"], CachePath = cache, Concurrency = 1 };
        await new ModelEvaluator(Models(server), options).EvaluateAsync("test.jsonl", Items(4));
        var lines = File.ReadAllLines(cache).Where(l => l.Length > 0).ToList();
        File.WriteAllText(cache, string.Join("\n", lines.Take(3)) + "\n" + lines[3][..(lines[3].Length / 2)]);

        var report = await new ModelEvaluator(Models(server), options).EvaluateAsync("test.jsonl", Items(4));
        Assert.Equal(5, server.RequestsTo("chat/completions").Count);
        Assert.Equal(3, report.Items.Count(i => i.Cached));
        Assert.Equal(1.0, Assert.Single(report.Results).ExactMatch);
        // the fragment stays on its own line; the new answer after it is whole, and a third run asks nothing
        var after = File.ReadAllLines(cache);
        Assert.Equal(5, after.Length);
        Assert.EndsWith("}", after[^1]);
        await new ModelEvaluator(Models(server), options).EvaluateAsync("test.jsonl", Items(4));
        Assert.Equal(5, server.RequestsTo("chat/completions").Count);
        Assert.Equal(5, File.ReadAllLines(cache).Length); // no blank line added per run
    }

    [Fact]
    public async Task Labels_get_accuracy_per_label_precision_recall_and_a_confusion_matrix()
    {
        await using var server = await OpenAiTestServer.StartAsync();
        string[] refs = ["refund", "refund", "refund", "refund", "shipping", "shipping", "shipping", "shipping"];
        string[] said = ["refund", "Refund.", "shipping", "refund", "shipping", "shipping", "shipping", "I am not sure"];
        server.ChatReply = r => said[int.Parse(r.LastUser.Split('#')[1], System.Globalization.CultureInfo.InvariantCulture)];
        var items = TestSet.Items(Jsonl.Parse(string.Join("\n", refs.Select((r, i) => Jsonl.Chat($"Ticket #{i}", r)))));
        var report = await new ModelEvaluator(Models(server), new ModelEvalOptions { Models = ["m"] }).EvaluateAsync("t.jsonl", items);

        Assert.Equal("accuracy", report.Metric);
        Assert.Equal(["refund", "shipping"], report.Labels);
        var r = Assert.Single(report.Results);
        Assert.Equal(0.75, r.Accuracy);
        var refund = r.Labels!.Single(l => l.Label == "refund");
        var shipping = r.Labels!.Single(l => l.Label == "shipping");
        Assert.Equal((1.0, 0.75, 4), (refund.Precision, refund.Recall, refund.Support));
        Assert.Equal((0.75, 0.75, 4), (shipping.Precision, shipping.Recall, shipping.Support));
        Assert.Equal(3, r.Confusion!["refund"]["refund"]);
        Assert.Equal(1, r.Confusion["refund"]["shipping"]);
        Assert.Equal(3, r.Confusion["shipping"]["shipping"]);
        Assert.Equal(1, r.Confusion["shipping"][ModelEvaluator.LabelOther]);
    }

    [Fact]
    public async Task Json_references_get_json_valid()
    {
        await using var server = await OpenAiTestServer.StartAsync();
        server.ChatReply = r => r.LastUser.EndsWith('0') || r.LastUser.EndsWith('1') ? "{\"city\": \"x\"}" : r.LastUser.EndsWith('2') ? "```json\n{\"city\": \"y\"}\n```" : "city: z";
        var items = TestSet.Items(Jsonl.Parse(string.Join("\n", Enumerable.Range(0, 4).Select(i => Jsonl.Chat($"Extract {i}", $"{{\"city\": \"c{i}\"}}")))));
        var report = await new ModelEvaluator(Models(server), new ModelEvalOptions { Models = ["m"] }).EvaluateAsync("t.jsonl", items);
        Assert.True(report.JsonReferences);
        Assert.Equal(0.75, Assert.Single(report.Results).JsonValid);
    }

    [Fact]
    public async Task A_judge_grades_each_answer_with_a_reason()
    {
        await using var server = await OpenAiTestServer.StartAsync();
        server.ChatReply = r => r.Model == "judge"
            ? (r.LastUser.Contains("Candidate answer:\nCity", StringComparison.Ordinal) ? "{\"score\": 5, \"reason\": \"same city\"}" : "{\"score\": 1, \"reason\": \"no city named\"}")
            : Scripted(r);
        var report = await new ModelEvaluator(Models(server), new ModelEvalOptions { Models = ["half"], Judge = "judge" }).EvaluateAsync("t.jsonl", Items(4));
        Assert.Equal("judge_score", report.Metric);
        Assert.Equal(3.0, Assert.Single(report.Results).JudgeScore);
        Assert.Equal(0.6, report.Results[0].Score); // mean of 5/5 and 1/5
        Assert.Equal(["same city", "no city named", "same city", "no city named"], report.Items.Select(i => i.JudgeReason));
        var judged = server.RequestsTo("chat/completions").Where(q => q.Json!["model"]!.GetValue<string>() == "judge").ToList();
        Assert.Equal(4, judged.Count);
        Assert.Contains(judged, q => q.Body.Contains("Reference answer:\\nCity 1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Few_shot_shows_similar_training_examples_never_the_test_example_and_flags_leakage()
    {
        await using var server = await OpenAiTestServer.StartAsync();
        server.ChatReply = Scripted;
        // training examples about countries 100..107, plus test item 2 itself (a leak)
        var training = Enumerable.Range(100, 8).Select(i => (Line: i - 99, Input: Question(i), Output: Reference(i))).ToList();
        training.Add((9, Question(2), Reference(2)));
        var options = new ModelEvalOptions { Models = ["perfect"], Variants = [EvalVariant.ZeroShot, EvalVariant.FewShot], Shots = 3 };
        var report = await new ModelEvaluator(Models(server), options, training).EvaluateAsync("t.jsonl", Items(4));

        Assert.Equal([new LeakedItem(3, 9, true)], report.Leaks);
        var fewShot = server.RequestsTo("chat/completions").Where(r => r.Json!["messages"]!.AsArray().Count > 1).ToList();
        Assert.Equal(4, fewShot.Count);
        foreach (var request in fewShot)
        {
            var messages = request.Json!["messages"]!.AsArray();
            Assert.Equal(7, messages.Count); // 3 × (user, assistant) + the question
            var question = messages[6]!["content"]!.GetValue<string>();
            var shown = Enumerable.Range(0, 3).Select(k => messages[2 * k]!["content"]!.GetValue<string>()).ToList();
            Assert.DoesNotContain(question, shown);
            Assert.All(shown, s => Assert.Contains(s, training.Select(t => t.Input)));
            Assert.Equal(["assistant", "assistant", "assistant"], Enumerable.Range(0, 3).Select(k => messages[2 * k + 1]!["role"]!.GetValue<string>()));
        }
        var fs = report.Results.Single(r => r.Variant == "few-shot");
        Assert.All(report.Items.Where(i => i.Variant == "few-shot"), i => Assert.Equal(3, i.Context.Count));
        Assert.Equal(1.0, fs.ExactMatch);
        Assert.True(fs.PromptTokens > report.Results.Single(r => r.Variant == "zero-shot").PromptTokens);
    }

    [Fact]
    public async Task Rag_retrieves_from_the_knowledge_base_and_scores_the_answer_without_its_citation_markers()
    {
        await using var server = await OpenAiTestServer.StartAsync();
        server.ChatReply = r => r.Messages.Any(m => m.Content.Contains("The capital of country 1 is City 1.", StringComparison.Ordinal)) ? "City 1 [1]" : "not in the sources";
        using var dir = new TempDirectory();
        var docs = Directory.CreateDirectory(dir.File("docs")).FullName;
        File.WriteAllText(Path.Combine(docs, "country1.md"), "# Country 1\n\nThe capital of country 1 is City 1. It lies by the sea.\n");
        File.WriteAllText(Path.Combine(docs, "rivers.md"), "# Rivers\n\nThe longest river of the region flows north through the plains.\n");
        using var kb = KnowledgeBase.Open(dir.File("kb"));
        await kb.IngestAsync([docs]);
        var options = new ModelEvalOptions { Models = ["perfect"], Variants = [EvalVariant.Rag] };
        var items = TestSet.Items(Jsonl.Parse(Jsonl.Chat(Question(1), Reference(1))));
        var report = await new ModelEvaluator(Models(server), options, knowledgeBase: kb).EvaluateAsync("t.jsonl", items);
        var item = Assert.Single(report.Items);
        Assert.Equal("rag", item.Variant);
        Assert.Equal("City 1 [1]", item.Answer);
        Assert.True(item.ExactMatch);
        Assert.Contains(item.Context, c => c.EndsWith("country1.md", StringComparison.Ordinal));
    }

    [Fact]
    public void Sign_test_p_values_are_exact()
    {
        Assert.Equal(1.0, SignTest.PValue(0, 0));
        Assert.Equal(1.0, SignTest.PValue(3, 3));
        Assert.Equal(0.0625, SignTest.PValue(5, 0), 12);
        Assert.Equal(0.0625, SignTest.PValue(0, 5), 12);
        Assert.Equal(0.125, SignTest.PValue(6, 1), 12); // 2 × (1 + 7) / 128
        Assert.Equal(2 * Math.Pow(0.5, 10), SignTest.PValue(10, 0), 12);
    }

    [Fact]
    public void Scores_normalize_like_split_and_strip_citations()
    {
        Assert.True(AnswerScoring.ExactMatch("Hello,  World! [2]", "hello world"));
        Assert.Equal(6.0 / 7, AnswerScoring.TokenF1("the cat sat down", "the cat sat"), 12); // P 3/4, R 1: 2PR/(P+R) = 6/7
        Assert.Equal(0, AnswerScoring.TokenF1("dog", "cat"));
        Assert.True(AnswerScoring.IsJson("```json\n[1, 2]\n```"));
        Assert.False(AnswerScoring.IsJson("\"just a string\""));
        Assert.Equal((4, "close"), JudgeReply.Parse("Grade: {\"score\": 4, \"reason\": \"close\"}"));
        Assert.Null(JudgeReply.Parse("{\"score\": 9}"));
    }

    [Fact]
    public void Fine_tuned_models_and_their_checkpoints_are_priced_as_fine_tunes_unless_the_table_names_them()
    {
        Assert.Equal(new ModelPrice(0.30m, 1.20m), FineTunedModelPrices.For("ft:gpt-4o-mini-2024-07-18:acme:faq:9abc", PriceTable.Default));
        Assert.Equal(new ModelPrice(0.30m, 1.20m), FineTunedModelPrices.For("ft:gpt-4o-mini:acme::9abc:ckpt-step-20", PriceTable.Default));
        Assert.Equal(new ModelPrice(3.75m, 15m), FineTunedModelPrices.For("ft:gpt-4o:acme::1", PriceTable.Default));
        Assert.Equal(PriceTable.Default.Prices["gpt-4o-mini"], FineTunedModelPrices.For("gpt-4o-mini", PriceTable.Default));
        Assert.Null(FineTunedModelPrices.For("ft:llama-3:acme::1", PriceTable.Default));
        Assert.True(PriceTable.TryParseOverrides("""{"ft:gpt-4o-mini:acme::9abc": {"input": 1, "output": 1}}""", out var table, out _));
        Assert.Equal(new ModelPrice(1m, 1m), FineTunedModelPrices.For("ft:gpt-4o-mini:acme::9abc", table!));
    }

    [Fact]
    public void Test_examples_without_a_reference_are_refused_by_line()
    {
        var dataset = Jsonl.Parse("{\"prompt\": \"a\", \"completion\": \"b\"}\n{\"prompt\": \"c\", \"completion\": \"d\"}");
        Assert.Equal(2, TestSet.Items(dataset).Count);
        var ex = Assert.Throws<TailorException>(() => new ModelEvalOptions { Models = ["a", "a"] }.Validate());
        Assert.Contains("twice", ex.Message);
        var variant = Assert.Throws<TailorException>(() => EvalVariants.Parse(["few-shot"], haveExamples: false, haveKnowledgeBase: false));
        Assert.Contains("--examples", variant.Message);
        Assert.Equal([EvalVariant.ZeroShot, EvalVariant.FewShot], EvalVariants.Parse(["all"], haveExamples: true, haveKnowledgeBase: false));
    }
}
