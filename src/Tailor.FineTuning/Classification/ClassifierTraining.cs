using System.Diagnostics;
using Tailor.Embedding;

namespace Tailor.FineTuning.Classification;

/// <summary>
/// Trains a local text classifier end to end: carves a stratified validation split from the
/// training set when none is given, fits the feature space on the training texts, trains with early
/// stopping on the validation loss, and evaluates the best epoch's model on the test set.
/// </summary>
public static class ClassifierTraining
{
    /// <summary>Trains on <paramref name="train"/>; see the type summary. Labels of the validation and test sets must occur in training.</summary>
    /// <param name="embedder">The configured embedding model, needed when <see cref="TextFeatureOptions.Embeddings"/> is <c>server</c>.</param>
    public static TrainingResult Train(IReadOnlyList<LabeledText> train, IReadOnlyList<LabeledText>? validation, IReadOnlyList<LabeledText>? test,
        ClassifierOptions options, IProgress<EpochProgress>? progress = null, CancellationToken cancellationToken = default, IEmbedder? embedder = null)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (options.Features.Embeddings == "server" && embedder is null)
            throw new TailorException("Embedding features from a server need an embedding model: set TAILOR_EMBEDDING_MODEL and OPENAI_BASE_URL (or OPENAI_API_KEY), or use --embeddings builtin to train them here.");
        var clock = Stopwatch.StartNew();
        if (validation is null || validation.Count == 0)
        {
            (var kept, var heldOut) = StratifiedSplit.Split(train, options.ValidationFraction, options.Seed);
            if (heldOut.Count == 0) throw new TailorException($"The training set ({train.Count} examples) is too small to hold out a validation split. Add examples or pass a validation file.");
            train = kept;
            validation = heldOut;
        }
        var labels = train.Select(e => e.Label).Distinct().Order(StringComparer.Ordinal).ToArray();
        if (labels.Length < 2) throw new TailorException($"The training set has only one label (\"{labels.FirstOrDefault()}\"). A classifier needs examples of at least two labels.");
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < labels.Length; i++) index[labels[i]] = i;

        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.Threads > 0 ? options.Threads : Environment.ProcessorCount, CancellationToken = cancellationToken };
        string[] trainTexts = train.Select(e => e.Text).ToArray();
        var dense = options.Features.Embeddings switch
        {
            "builtin" => EmbeddingFeatures.TrainBuiltin(trainTexts, options.Seed),
            "server" => EmbeddingFeatures.Server(embedder!),
            _ => null,
        };
        var features = FeatureSpace.Fit(trainTexts, options.Features, parallel, dense);
        var trainMatrix = features.TransformAll(trainTexts, parallel);
        var validationMatrix = features.TransformAll(validation.Select(e => e.Text).ToArray(), parallel);
        int[] trainLabels = LabelIndices(train, index, "training");
        int[] validationLabels = LabelIndices(validation, index, "validation");

        var trainer = new ClassifierTrainer(options, parallel);
        var outcome = trainer.Train(features.Width, trainMatrix, trainLabels, validationMatrix, validationLabels, labels.Length, progress, cancellationToken);
        var classifier = new TextClassifier(options, labels, features, outcome.Network);
        ClassificationReport? report = test is { Count: > 0 } ? Evaluate(classifier, test, parallel) : null;
        return new TrainingResult(classifier, report, train.Count, validation.Count, test?.Count ?? 0, outcome.BestEpoch, outcome.Epochs, clock.Elapsed.TotalSeconds);
    }

    /// <summary>The report of <paramref name="classifier"/> on labelled examples (every label must be one of the model's).</summary>
    public static ClassificationReport Evaluate(TextClassifier classifier, IReadOnlyList<LabeledText> examples, ParallelOptions? parallel = null)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(examples);
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < classifier.Labels.Count; i++) index[classifier.Labels[i]] = i;
        int[] actual = LabelIndices(examples, index, "test");
        var predicted = new int[examples.Count];
        // Featurized together, so a server embedder is asked in batches, not once per text.
        classifier.ScoreAll(examples.Select(e => e.Text).ToArray(), parallel ?? new ParallelOptions(), (i, probabilities) => predicted[i] = ClassifierTrainer.ArgMax(probabilities));
        return ClassificationReport.FromPredictions(classifier.Labels, actual, predicted);
    }

    private static int[] LabelIndices(IReadOnlyList<LabeledText> examples, Dictionary<string, int> index, string set)
    {
        var result = new int[examples.Count];
        for (int i = 0; i < examples.Count; i++)
        {
            if (!index.TryGetValue(examples[i].Label, out result[i]))
            {
                string where = examples[i].Line > 0 ? $"line {examples[i].Line} of the {set} set" : $"example {i + 1} of the {set} set";
                throw new TailorException($"Label \"{examples[i].Label}\" at {where} never occurs in the training set (labels: {string.Join(", ", index.Keys)}). Fix the label or add training examples of it.");
            }
        }
        return result;
    }
}
