namespace Tailor.FineTuning.Classification;

/// <summary>
/// Options of a local text classifier: its features, its architecture (multinomial logistic
/// regression, or a multilayer perceptron with one hidden ReLU layer), and its training (Adam on
/// mini-batches, L2 regularization, optional class weights, early stopping on validation loss with
/// the best epoch's weights kept). Saved with the model so a loaded model featurizes exactly as
/// it was trained.
/// </summary>
public sealed record ClassifierOptions
{
    /// <summary>How texts become features.</summary>
    public TextFeatureOptions Features { get; init; } = new();

    /// <summary>"logistic" (default) or "mlp".</summary>
    public string Architecture { get; init; } = "logistic";

    /// <summary>Hidden units of the MLP (ignored by logistic regression).</summary>
    public int HiddenUnits { get; init; } = 64;

    /// <summary>Most passes over the training set; early stopping usually ends sooner.</summary>
    public int Epochs { get; init; } = 40;

    /// <summary>Examples per gradient step.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Adam's step size; null picks the architecture's default (<see cref="EffectiveLearningRate"/>).</summary>
    public double? LearningRate { get; init; }

    /// <summary>The step size used: <see cref="LearningRate"/>, else 0.02 for logistic regression and 0.005 for the MLP (which overfits within an epoch or two at 0.02).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public double EffectiveLearningRate => LearningRate ?? (IsMlp ? 0.005 : 0.02);

    /// <summary>L2 penalty on the weights (λ/2·‖w‖², added to the mean loss).</summary>
    public double L2 { get; init; } = 1e-5;

    /// <summary>Stop after this many epochs without a lower validation loss.</summary>
    public int Patience { get; init; } = 5;

    /// <summary>Share of the training set held out (stratified) for validation when no validation file is given.</summary>
    public double ValidationFraction { get; init; } = 0.1;

    /// <summary>"none" (default) or "balanced" (each class weighted by n / (classes × its count)).</summary>
    public string ClassWeights { get; init; } = "none";

    /// <summary>Seed of the validation split, the initial weights and the shuffling: the same seed and data give the same model.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Threads for featurizing and evaluating (0: all cores). Training steps are sequential, so results do not depend on it.</summary>
    public int Threads { get; init; }

    /// <summary>True for the MLP.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsMlp => Architecture == "mlp";

    /// <summary>Throws a <see cref="TailorException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Features);
        Features.Validate();
        if (Architecture is not ("logistic" or "mlp"))
            throw new TailorException($"Classifier architecture \"{Architecture}\" is not supported: use \"logistic\" or \"mlp\".");
        if (IsMlp && HiddenUnits is < 1 or > 4096)
            throw new TailorException($"Hidden units = {HiddenUnits} is out of range: use 1 to 4096 (default 64).");
        if (Epochs is < 1 or > 10_000) throw new TailorException($"Epochs = {Epochs} is out of range: use 1 to 10000.");
        if (BatchSize is < 1 or > 1_000_000) throw new TailorException($"Batch size = {BatchSize} is out of range: use 1 or more (default 32).");
        if (LearningRate is { } rate && (!double.IsFinite(rate) || rate <= 0 || rate > 10))
            throw new TailorException($"Learning rate = {rate} is out of range: use a positive value up to 10 (default 0.02 for logistic, 0.005 for mlp).");
        if (!double.IsFinite(L2) || L2 < 0 || L2 > 10) throw new TailorException($"L2 = {L2} is out of range: use 0 to 10 (default 1e-5).");
        if (Patience < 1) throw new TailorException($"Patience = {Patience} is invalid: use 1 or more epochs.");
        if (!double.IsFinite(ValidationFraction) || ValidationFraction <= 0 || ValidationFraction >= 0.9)
            throw new TailorException($"Validation fraction = {ValidationFraction} is out of range: use a share above 0 and below 0.9 (default 0.1).");
        if (ClassWeights is not ("none" or "balanced"))
            throw new TailorException($"Class weights \"{ClassWeights}\" are not supported: use \"none\" or \"balanced\".");
        if (Threads < 0) throw new TailorException($"Threads = {Threads} is invalid: use 0 (all cores) or more.");
    }
}
