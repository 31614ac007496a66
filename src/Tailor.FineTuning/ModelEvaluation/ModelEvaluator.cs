using System.Diagnostics;
using Tailor.Answering;
using Tailor.Chat;
using Tailor.Examples;
using Tailor.Lexical;
using Tailor.Storage;

namespace Tailor.FineTuning.ModelEvaluation;

/// <summary>
/// Runs every test example through each model and variant and scores the answers. Requests run
/// concurrently up to <see cref="ModelEvalOptions.Concurrency"/>; the chat model's client retries 429s
/// and server errors (honouring Retry-After); each answer is written to the <see cref="AnswerCache"/>
/// as it arrives, so a re-run sends no request twice. A request that still fails makes a failed item,
/// not a wrong answer. Few-shot examples are chosen per test example by the project's
/// <see cref="ExampleSelector"/> (similarity + MMR) from the examples file, never from the test set;
/// the rag variant retrieves from the knowledge base and answers with citations.
/// </summary>
public sealed class ModelEvaluator
{
    private const string JudgeSystem = """
        You grade answers. Compare the candidate answer with the reference answer to the question.
        Reply with one JSON object and nothing else: {"score": N, "reason": "one sentence"}, where N is
        5 = same meaning as the reference, 4 = nearly, 3 = partly right, 2 = mostly wrong, 1 = wrong or no answer.
        """;

    private readonly Func<string, IChatModel> _models;
    private readonly IReadOnlyList<(int Line, string Input, string Output)>? _examples;
    private readonly KnowledgeBase? _knowledgeBase;
    private readonly ModelEvalOptions _options;
    private readonly Dictionary<string, IChatModel> _resolved = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _retrieval = new(1, 1);
    private ExampleSelector? _selector;

    /// <param name="models">Makes the chat model for a model id; called only when an answer is not cached, so a fully cached run needs no server.</param>
    /// <param name="examples">Solved examples the few-shot variant chooses from.</param>
    /// <param name="knowledgeBase">The knowledge base the rag variant retrieves from.</param>
    public ModelEvaluator(Func<string, IChatModel> models, ModelEvalOptions options,
        IReadOnlyList<(int Line, string Input, string Output)>? examples = null, KnowledgeBase? knowledgeBase = null)
    {
        _models = models ?? throw new ArgumentNullException(nameof(models));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        options.Validate();
        _examples = examples;
        _knowledgeBase = knowledgeBase;
        if (options.Variants.Contains(EvalVariant.FewShot) && (examples is null || examples.Count == 0))
            throw new TailorException("the few-shot variant needs solved examples to choose from; pass --examples FILE.");
        if (options.Variants.Contains(EvalVariant.Rag) && knowledgeBase is null)
            throw new TailorException("the rag variant needs a knowledge base to retrieve from; pass --kb DIR.");
    }

    /// <summary>Evaluates <paramref name="items"/> of <paramref name="testFile"/>; <paramref name="progress"/> is told of each outcome.</summary>
    public async Task<ModelEvalReport> EvaluateAsync(string testFile, IReadOnlyList<TestItem> items, Action<ItemOutcome>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        if (items.Count == 0) throw new TailorException($"{testFile}: no test examples to evaluate.");
        var labels = LabelSet.Detect(items.Select(i => i.Reference).ToList());
        bool jsonReferences = items.All(i => AnswerScoring.IsJson(i.Reference));
        string metric = labels != null ? "accuracy" : _options.Judge != null ? "judge_score" : "token_f1";
        var leaks = _examples is null ? [] : TestSet.Leaks(items, _examples);

        using var cache = AnswerCache.Open(_options.CachePath);
        var work = (from model in _options.Models
                    from variant in _options.Variants
                    from index in Enumerable.Range(0, items.Count)
                    select (Model: model, Variant: variant, Index: index)).ToList();
        var outcomes = new ItemOutcome[work.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, work.Count), new ParallelOptions { MaxDegreeOfParallelism = _options.Concurrency, CancellationToken = ct }, async (w, token) =>
        {
            var (model, variant, index) = work[w];
            var outcome = await RunAsync(model, variant, items[index], labels, jsonReferences, cache, token).ConfigureAwait(false);
            outcomes[w] = outcome;
            progress?.Invoke(outcome);
        }).ConfigureAwait(false);

        var results = new List<VariantResult>();
        foreach (var group in outcomes.GroupBy(o => (o.Model, o.Variant)))
            results.Add(Summarize(group.Key.Model, group.Key.Variant, group.ToList(), labels, jsonReferences));
        return new ModelEvalReport
        {
            TestFile = testFile,
            Examples = items.Count,
            Metric = metric,
            Labels = labels,
            JsonReferences = jsonReferences,
            Judge = _options.Judge,
            Results = results,
            Items = outcomes,
            Leaks = leaks,
            Recommendation = Recommender.Recommend(results, outcomes, metric),
        };
    }

    private async Task<ItemOutcome> RunAsync(string model, EvalVariant variant, TestItem item, IReadOnlyList<string>? labels, bool jsonReferences, AnswerCache cache, CancellationToken ct)
    {
        string variantName = EvalVariants.Name(variant);
        bool cached = cache.TryGet(model, variantName, item.Key, out var answer);
        if (!cached)
        {
            var chat = Model(model); // no server or a bad setting stops the run: it is not an item's failure
            try
            {
                answer = await AskAsync(chat, model, variant, item, ct).ConfigureAwait(false);
            }
            catch (TailorException ex)
            {
                return new ItemOutcome
                {
                    Line = item.Line, Model = model, Variant = variantName, Question = item.Question, Reference = item.Reference, Error = ex.Message,
                };
            }
        }
        if (_options.Judge is { } judge && (answer.JudgeScore is null || answer.Judge != judge))
        {
            var grader = Model(judge);
            try
            {
                var (score, reason) = await GradeAsync(grader, item, answer.Answer, ct).ConfigureAwait(false);
                answer = answer with { JudgeScore = score, JudgeReason = reason, Judge = judge };
                cached = false;
            }
            catch (TailorException ex)
            {
                answer = answer with { JudgeScore = null, JudgeReason = "the judge failed: " + ex.Message, Judge = null };
            }
        }
        if (!cached) cache.Add(answer);
        return Score(item, answer, cached, labels, jsonReferences);
    }

    private ItemOutcome Score(TestItem item, CachedAnswer answer, bool cached, IReadOnlyList<string>? labels, bool jsonReferences)
    {
        bool exact = AnswerScoring.ExactMatch(answer.Answer, item.Reference);
        double f1 = AnswerScoring.TokenF1(answer.Answer, item.Reference);
        string? label = null;
        if (labels != null)
        {
            var normalized = AnswerScoring.Normalize(answer.Answer);
            label = labels.Contains(normalized) ? normalized : LabelOther;
        }
        decimal? cost = FineTunedModelPrices.For(answer.Model, _options.Prices)?.Cost(answer.PromptTokens, answer.CompletionTokens);
        double primary = labels != null ? (exact ? 1 : 0)
            : _options.Judge != null ? (answer.JudgeScore is { } s ? s / 5.0 : 0)
            : f1;
        return new ItemOutcome
        {
            Line = item.Line, Model = answer.Model, Variant = answer.Variant, Question = item.Question, Reference = item.Reference,
            Answer = answer.Answer, ExactMatch = exact, TokenF1 = f1, JsonValid = jsonReferences ? AnswerScoring.IsJson(answer.Answer) : null,
            Label = label, JudgeScore = answer.JudgeScore, JudgeReason = answer.JudgeReason,
            PromptTokens = answer.PromptTokens, CompletionTokens = answer.CompletionTokens, LatencyMs = answer.LatencyMs, CostUsd = cost,
            Context = answer.Context, Cached = cached, Primary = primary,
        };
    }

    /// <summary>The label predicted answers outside the label set get in the confusion matrix.</summary>
    public const string LabelOther = "(other)";

    private async Task<CachedAnswer> AskAsync(IChatModel chat, string model, EvalVariant variant, TestItem item, CancellationToken ct)
    {
        var request = new ChatRequestOptions { MaxOutputTokens = _options.MaxAnswerTokens, Temperature = _options.Temperature };
        if (variant == EvalVariant.Rag) return await RagAsync(chat, item, ct).ConfigureAwait(false);
        IReadOnlyList<ChatMessage> messages = item.Prompt;
        IReadOnlyList<string> context = [];
        if (variant == EvalVariant.FewShot)
        {
            // never show the test example itself, even when the examples file holds it (that leak is reported)
            var question = Splitting.ExampleKeys.NormalizeText(item.Question);
            var shots = (await Selector().SelectAsync(item.Question, _options.Shots + 1, cancellationToken: ct).ConfigureAwait(false))
                .Where(s => Splitting.ExampleKeys.NormalizeText(s.Example.Input) != question).Take(_options.Shots).ToList();
            context = shots.Select(s => s.Example.Id).ToList();
            var list = item.Prompt.Where(m => m.Role == ChatRole.System).ToList();
            foreach (var shot in shots)
            {
                list.Add(ChatMessage.User(shot.Example.Input));
                list.Add(ChatMessage.Assistant(shot.Example.Output));
            }
            list.AddRange(item.Prompt.Where(m => m.Role != ChatRole.System));
            messages = list;
        }
        long started = Stopwatch.GetTimestamp();
        var completion = await chat.CompleteAsync(messages, request, ct).ConfigureAwait(false);
        double ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        return new CachedAnswer
        {
            Model = model, Variant = EvalVariants.Name(variant), Item = item.Key, Answer = completion.Text,
            PromptTokens = completion.Usage?.InputTokens ?? 0, CompletionTokens = completion.Usage?.OutputTokens ?? 0,
            LatencyMs = Math.Round(ms, 3), Context = context,
        };
    }

    private async Task<CachedAnswer> RagAsync(IChatModel chat, TestItem item, CancellationToken ct)
    {
        var kb = _knowledgeBase!;
        var options = new AskOptions { K = _options.RagK, Examples = 0 };
        IReadOnlyList<Retrieval.Hit> hits;
        await _retrieval.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            hits = (await kb.SearchAsync(item.Question, options.ToSearchOptions(), ct).ConfigureAwait(false)).Hits;
        }
        finally
        {
            _retrieval.Release();
        }
        var answerer = kb.CreateAnswerer(chat, new GenerationOptions { AnswerTokens = _options.MaxAnswerTokens });
        long started = Stopwatch.GetTimestamp();
        var answer = await answerer.AnswerAsync(item.Question, hits, null, ct: ct).ConfigureAwait(false);
        double ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        return new CachedAnswer
        {
            Model = chat.ModelId, Variant = EvalVariants.Name(EvalVariant.Rag), Item = item.Key, Answer = answer.Text,
            PromptTokens = answer.Usage?.InputTokens ?? 0, CompletionTokens = answer.Usage?.OutputTokens ?? 0,
            LatencyMs = Math.Round(ms, 3), Context = answer.Citations.Select(c => c.Source).Distinct().ToList(),
        };
    }

    private static async Task<(int Score, string Reason)> GradeAsync(IChatModel judge, TestItem item, string answer, CancellationToken ct)
    {
        var messages = new[]
        {
            ChatMessage.System(JudgeSystem),
            ChatMessage.User($"Question:\n{item.Question}\n\nReference answer:\n{item.Reference}\n\nCandidate answer:\n{AnswerScoring.StripCitations(answer)}"),
        };
        var reply = await judge.CompleteAsync(messages, new ChatRequestOptions { MaxOutputTokens = 200, Temperature = 0 }, ct).ConfigureAwait(false);
        return JudgeReply.Parse(reply.Text) ?? throw new TailorException($"the judge {judge.ModelId} did not reply with a grade (\"{Shorten(reply.Text)}\"); use a model that follows instructions as --judge.");
    }

    private static string Shorten(string text) => text.Length > 80 ? text[..77] + "..." : text;

    private IChatModel Model(string id)
    {
        lock (_resolved)
        {
            if (!_resolved.TryGetValue(id, out var model)) _resolved[id] = model = _models(id);
            return model;
        }
    }

    private ExampleSelector Selector()
    {
        lock (_resolved)
        {
            if (_selector != null) return _selector;
            var store = new ExampleStore(new InMemoryExampleRecords());
            foreach (var (line, input, output) in _examples!)
            {
                try { store.Add(input, output, $"line {line}"); }
                catch (TailorException ex) when (ex.Kind == TailorErrorKind.Conflict) { } // a duplicate example: shown once
            }
            var analyzer = new Analyzer(new LexicalOptions());
            return _selector = new ExampleSelector(store, null, analyzer.Analyze);
        }
    }

    private static VariantResult Summarize(string model, string variant, IReadOnlyList<ItemOutcome> outcomes, IReadOnlyList<string>? labels, bool jsonReferences)
    {
        var answered = outcomes.Where(o => !o.Failed).ToList();
        int n = answered.Count;
        double Mean(Func<ItemOutcome, double> f) => n == 0 ? 0 : Math.Round(answered.Average(f), 6);
        List<LabelMetrics>? perLabel = null;
        Dictionary<string, IReadOnlyDictionary<string, int>>? confusion = null;
        if (labels != null)
        {
            perLabel = [];
            confusion = new(StringComparer.Ordinal);
            foreach (var label in labels)
            {
                var row = new Dictionary<string, int>(StringComparer.Ordinal);
                foreach (var o in answered.Where(o => AnswerScoring.Normalize(o.Reference) == label)) row[o.Label!] = row.GetValueOrDefault(o.Label!) + 1;
                confusion[label] = row;
                int tp = answered.Count(o => o.Label == label && AnswerScoring.Normalize(o.Reference) == label);
                int predicted = answered.Count(o => o.Label == label);
                int support = answered.Count(o => AnswerScoring.Normalize(o.Reference) == label);
                perLabel.Add(new LabelMetrics(label, predicted == 0 ? 0 : Math.Round((double)tp / predicted, 6), support == 0 ? 0 : Math.Round((double)tp / support, 6), support));
            }
        }
        decimal? cost = answered.Count > 0 && answered.All(o => o.CostUsd is not null) ? answered.Sum(o => o.CostUsd!.Value) : null;
        var latencies = answered.Select(o => o.LatencyMs).Order().ToList();
        return new VariantResult
        {
            Model = model, Variant = variant, Examples = outcomes.Count, Answered = n, Failed = outcomes.Count - n, Cached = outcomes.Count(o => o.Cached),
            ExactMatch = Mean(o => o.ExactMatch ? 1 : 0), TokenF1 = Mean(o => o.TokenF1),
            Accuracy = labels != null ? Mean(o => o.ExactMatch ? 1 : 0) : null, Labels = perLabel, Confusion = confusion,
            JsonValid = jsonReferences ? Mean(o => o.JsonValid == true ? 1 : 0) : null,
            JudgeScore = answered.Any(o => o.JudgeScore != null) ? Math.Round(answered.Where(o => o.JudgeScore != null).Average(o => o.JudgeScore!.Value), 6) : null,
            PromptTokens = answered.Sum(o => (long)o.PromptTokens), CompletionTokens = answered.Sum(o => (long)o.CompletionTokens),
            CostUsd = cost is { } c ? Math.Round(c, 6) : null, CostPer1000 = cost is { } total && n > 0 ? Math.Round(total / n * 1000, 4) : null,
            LatencyMsP50 = Percentile(latencies, 0.50), LatencyMsP95 = Percentile(latencies, 0.95),
            Score = Mean(o => o.Primary),
        };
    }

    /// <summary>Nearest-rank percentile of sorted values; 0 for none.</summary>
    private static double Percentile(IReadOnlyList<double> sorted, double p)
    {
        if (sorted.Count == 0) return 0;
        int rank = (int)Math.Ceiling(p * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }
}
