namespace Tailor.FineTuning.Classification;

/// <summary>
/// Trains a <see cref="ClassifierNetwork"/> with mini-batch Adam on shuffled training rows,
/// measures the validation loss after every epoch, stops when it has not improved for
/// <see cref="ClassifierOptions.Patience"/> epochs, and returns the weights of the best epoch.
/// Steps run on one thread in a seeded order, so a seed gives the same model on any machine;
/// the validation pass runs in parallel.
/// </summary>
internal sealed class ClassifierTrainer
{
    private readonly ClassifierOptions _options;
    private readonly ParallelOptions _parallel;

    public ClassifierTrainer(ClassifierOptions options, ParallelOptions parallel)
    {
        _options = options;
        _parallel = parallel;
    }

    public sealed record Outcome(ClassifierNetwork Network, int BestEpoch, IReadOnlyList<EpochProgress> Epochs);

    public Outcome Train(int inputs, SparseMatrix train, int[] trainLabels, SparseMatrix validation, int[] validationLabels, int classes,
        IProgress<EpochProgress>? progress, CancellationToken cancellationToken)
    {
        int hidden = _options.IsMlp ? _options.HiddenUnits : 0;
        var network = new ClassifierNetwork(inputs, hidden, classes);
        network.Initialize(_options.Seed);
        var gradients = new NetworkGradients(network);
        var optimizer = new AdamOptimizer(network, _options.EffectiveLearningRate, _options.L2);
        float[] classWeights = ClassWeights(trainLabels, classes);
        var rng = new Random(_options.Seed);
        int[] order = new int[train.Rows];
        for (int i = 0; i < order.Length; i++) order[i] = i;
        var first = new float[network.FirstWidth];
        var probabilities = new float[classes];
        var delta = new float[network.FirstWidth + classes];

        ClassifierNetwork? best = null;
        double bestLoss = double.PositiveInfinity;
        int bestEpoch = 0;
        var history = new List<EpochProgress>();
        for (int epoch = 1; epoch <= _options.Epochs; epoch++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            rng.Shuffle(order);
            double lossSum = 0, weightSum = 0;
            for (int start = 0; start < order.Length; start += _options.BatchSize)
            {
                int end = Math.Min(order.Length, start + _options.BatchSize);
                float scale = 1f / (end - start);
                for (int k = start; k < end; k++)
                {
                    int row = order[k];
                    var columns = train.RowColumns(row);
                    var values = train.RowValues(row);
                    int target = trainLabels[row];
                    float weight = classWeights[target];
                    network.Forward(columns, values, first, probabilities);
                    lossSum += weight * -Math.Log(Math.Max(probabilities[target], 1e-12f));
                    weightSum += weight;
                    network.Backward(columns, values, first, probabilities, target, weight * scale, gradients, delta);
                }
                optimizer.Step(gradients);
            }
            var (validationLoss, validationAccuracy) = Evaluate(network, validation, validationLabels);
            bool improved = validationLoss < bestLoss - 1e-7;
            if (improved)
            {
                bestLoss = validationLoss;
                bestEpoch = epoch;
                if (best is null) best = network.Clone();
                else network.CopyTo(best);
            }
            var report = new EpochProgress(epoch, _options.Epochs, weightSum > 0 ? lossSum / weightSum : 0, validationLoss, validationAccuracy, improved);
            history.Add(report);
            progress?.Report(report);
            if (epoch - bestEpoch >= _options.Patience) break;
        }
        return new Outcome(best ?? network, bestEpoch, history);
    }

    /// <summary>Mean log loss and accuracy of <paramref name="network"/> on labelled rows (computed in parallel, summed in row order).</summary>
    public (double Loss, double Accuracy) Evaluate(ClassifierNetwork network, SparseMatrix rows, int[] labels)
    {
        if (rows.Rows == 0) return (0, 0);
        var losses = new double[rows.Rows];
        var correct = new bool[rows.Rows];
        Parallel.For(0, rows.Rows, _parallel, () => (First: new float[network.FirstWidth], Probabilities: new float[network.Classes]), (i, _, scratch) =>
        {
            network.Forward(rows.RowColumns(i), rows.RowValues(i), scratch.First, scratch.Probabilities);
            losses[i] = -Math.Log(Math.Max(scratch.Probabilities[labels[i]], 1e-12f));
            correct[i] = ArgMax(scratch.Probabilities) == labels[i];
            return scratch;
        }, _ => { });
        double sum = 0;
        int right = 0;
        for (int i = 0; i < losses.Length; i++)
        {
            sum += losses[i];
            if (correct[i]) right++;
        }
        return (sum / rows.Rows, (double)right / rows.Rows);
    }

    /// <summary>The most probable class (the lowest index on ties).</summary>
    public static int ArgMax(ReadOnlySpan<float> values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++) if (values[i] > values[best]) best = i;
        return best;
    }

    private float[] ClassWeights(int[] labels, int classes)
    {
        var weights = new float[classes];
        Array.Fill(weights, 1f);
        if (_options.ClassWeights != "balanced") return weights;
        var counts = new int[classes];
        foreach (int label in labels) counts[label]++;
        for (int c = 0; c < classes; c++) weights[c] = counts[c] == 0 ? 0 : (float)labels.Length / (classes * counts[c]);
        return weights;
    }
}
