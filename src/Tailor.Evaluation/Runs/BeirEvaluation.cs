using System.Diagnostics;
using Tailor.Evaluation.Datasets;
using Tailor.Ingestion;

namespace Tailor.Evaluation.Runs;

/// <summary>
/// Evaluates the production pipeline on a BEIR dataset: ingests corpus.jsonl through
/// <see cref="KnowledgeBase.IngestAsync"/> into a fresh knowledge base (a temporary folder, deleted
/// afterwards unless <see cref="EvaluationOptions.Keep"/>), then runs every judged query in each
/// requested mode with <see cref="RetrievalEvaluator"/>. Modes the engine refuses come back with an error.
/// </summary>
public static class BeirEvaluation
{
    public static async Task<EvaluationReport> RunAsync(BeirDataset dataset, EvaluationOptions? options = null,
        IProgress<string>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        options ??= new EvaluationOptions();
        options.Validate();
        string directory = options.KnowledgeBaseDirectory is { } chosen
            ? Path.GetFullPath(chosen)
            : Path.Combine(Path.GetTempPath(), $"tailor-eval-{dataset.Name}-{Guid.NewGuid():N}");
        if (KnowledgeBase.Exists(directory))
            throw new TailorException($"{directory} already holds a knowledge base; evaluation builds a fresh one, so choose an empty folder.");
        bool created = !Directory.Exists(directory);
        try
        {
            using var kb = KnowledgeBase.Open(directory, embedder: options.Embedder);
            progress?.Report($"ingesting {dataset.DocumentCount} documents from {Path.GetFileName(dataset.CorpusPath)}");
            var clock = Stopwatch.StartNew();
            var ingest = await kb.IngestAsync([dataset.CorpusPath], new IngestOptions(), new IngestReporter(progress, dataset.DocumentCount), ct).ConfigureAwait(false);
            clock.Stop();
            double ingestSeconds = clock.Elapsed.TotalSeconds;
            if (ingest.Documents == 0)
                throw new TailorException($"ingesting {dataset.CorpusPath} produced no documents ({Describe(ingest)}); check the corpus file.");
            if (ingest.Failures.Count > 0) progress?.Report($"warning: {Describe(ingest)}; those documents cannot be retrieved");
            progress?.Report($"ingested {ingest.Documents} documents, {ingest.Chunks} chunks in {ingestSeconds:0.00} s");

            var results = new List<ModeEvaluation>(options.Modes.Count);
            foreach (var mode in options.Modes)
            {
                var result = await RetrievalEvaluator.EvaluateAsync(dataset, mode, kb.SearchAsync, options, progress, ct).ConfigureAwait(false);
                if (result.Succeeded) result = result with { IngestSeconds = ingestSeconds };
                else if (options.Modes.Count > 1) progress?.Report($"{result.Name}: not evaluated: {result.Error}");
                results.Add(result);
            }
            return new EvaluationReport(dataset.Name, dataset.DocumentCount, dataset.JudgedQueries.Count, results);
        }
        finally
        {
            if (options.Keep) progress?.Report($"knowledge base kept in {directory}");
            else if (created) TryDelete(directory);
        }
    }

    private static string Describe(IngestResult ingest)
    {
        if (ingest.Failures.Count == 0) return "no failures reported";
        var first = ingest.Failures[0];
        return $"{ingest.Failures.Count} failure(s), first: {first.Source}: {first.Error}";
    }

    private static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The evaluation itself succeeded; a leftover temporary folder is only untidy.
        }
    }

    /// <summary>Turns ingest progress into at most about ten lines per run.</summary>
    private sealed class IngestReporter(IProgress<string>? progress, int total) : IProgress<IngestProgress>
    {
        private readonly int _step = Math.Max(1, total / 10);
        private int _next = Math.Max(1, total / 10);

        public void Report(IngestProgress value)
        {
            if (progress is null || value.DocumentsCommitted < _next) return;
            _next = (value.DocumentsCommitted / _step + 1) * _step;
            progress.Report($"ingest: {value.DocumentsCommitted}/{total} documents");
        }
    }
}
