using Tailor.FineTuning.Classification;
using Tailor.Testing;
using Tailor.Testing.Classification;

namespace Tailor.FineTuning.Tests.Classification;

public sealed class ClassifierTrainingTests
{
    private static readonly ClassifierOptions Small = new() { Features = new TextFeatureOptions { Buckets = 1 << 16 } };

    private static List<LabeledText> Data(int count, int seed, int classes = 2, double noise = 0) =>
        SyntheticTextCorpus.Generate(count, classes, seed, noise).Select((e, i) => new LabeledText(e.Label, e.Text, i + 1)).ToList();

    [Fact]
    public void Logistic_regression_learns_a_corpus_separable_only_by_its_words()
    {
        var result = ClassifierTraining.Train(Data(3000, seed: 1, classes: 3), null, Data(400, seed: 2, classes: 3), Small);
        Assert.NotNull(result.Test);
        Assert.True(result.Test!.Accuracy >= 0.98, $"accuracy {result.Test.Accuracy}");
        Assert.True(result.Test.MacroF1 >= 0.98, $"macro-F1 {result.Test.MacroF1}");
        Assert.Equal(["class0", "class1", "class2"], result.Classifier.Labels);
        Assert.Equal(3000, result.TrainSize + result.ValidationSize);
        Assert.Equal(300, result.ValidationSize); // 10% carved per class, rounded per class
        Assert.Equal(400, result.TestSize);
        Assert.InRange(result.BestEpoch, 1, Small.Epochs);
    }

    [Fact]
    public void The_mlp_learns_the_same_corpus()
    {
        var options = Small with { Architecture = "mlp", HiddenUnits = 16 };
        var result = ClassifierTraining.Train(Data(2000, seed: 3), null, Data(400, seed: 4), options);
        Assert.True(result.Test!.Accuracy >= 0.95, $"accuracy {result.Test.Accuracy}");
    }

    [Fact]
    public void Early_stopping_keeps_the_epoch_with_the_lowest_validation_loss()
    {
        // Noisy labels, no regularization and a large step: the model memorizes the training set and the validation loss turns up.
        var options = Small with { L2 = 0, LearningRate = 0.05, Patience = 3, Epochs = 60 };
        var validation = Data(300, seed: 6, noise: 0.3);
        var result = ClassifierTraining.Train(Data(600, seed: 5, noise: 0.3), validation, null, options);

        var losses = result.Epochs.Select(e => e.ValidationLoss).ToList();
        int argmin = losses.IndexOf(losses.Min()) + 1;
        Assert.Equal(argmin, result.BestEpoch);
        Assert.True(result.Epochs.Count < options.Epochs, "training should stop before the last epoch");
        Assert.Equal(result.BestEpoch + options.Patience, result.Epochs.Count);
        Assert.True(losses[^1] > losses[result.BestEpoch - 1], "the validation loss rose after the best epoch");
        Assert.Equal(result.Epochs.Where(e => e.IsBest).Max(e => e.Epoch), result.BestEpoch);

        // The returned weights are the best epoch's, not the last epoch's.
        var trainer = new ClassifierTrainer(options, new ParallelOptions());
        var matrix = result.Classifier.Features.TransformAll(validation.Select(v => v.Text).ToArray(), new ParallelOptions());
        int[] labels = validation.Select(v => result.Classifier.Labels.ToList().IndexOf(v.Label)).ToArray();
        var (loss, _) = trainer.Evaluate(result.Classifier.Network, matrix, labels);
        Assert.Equal(losses[result.BestEpoch - 1], loss, 9);
    }

    [Fact]
    public void The_same_seed_gives_the_same_model_whatever_the_thread_count()
    {
        var train = Data(500, seed: 7);
        var probe = Data(50, seed: 8);
        var one = ClassifierTraining.Train(train, null, null, Small with { Threads = 1, Architecture = "mlp", HiddenUnits = 8 });
        var two = ClassifierTraining.Train(train, null, null, Small with { Threads = 2, Architecture = "mlp", HiddenUnits = 8 });
        var other = ClassifierTraining.Train(train, null, null, Small with { Threads = 2, Architecture = "mlp", HiddenUnits = 8, Seed = 43 });
        Assert.Equal(one.BestEpoch, two.BestEpoch);
        bool anyDifferent = false;
        foreach (var example in probe)
        {
            Assert.Equal(one.Classifier.Predict(example.Text).Probabilities, two.Classifier.Predict(example.Text).Probabilities);
            anyDifferent |= !one.Classifier.Predict(example.Text).Probabilities.SequenceEqual(other.Classifier.Predict(example.Text).Probabilities);
        }
        Assert.True(anyDifferent, "another seed should give another model");
    }

    [Theory]
    [InlineData("logistic")]
    [InlineData("mlp")]
    public void A_saved_and_loaded_model_gives_identical_probabilities(string architecture)
    {
        var result = ClassifierTraining.Train(Data(400, seed: 9, classes: 3), null, null, Small with { Architecture = architecture, HiddenUnits = 8 });
        using var dir = new TempDirectory();
        string folder = dir.File("model");
        result.Classifier.Save(folder);
        var loaded = TextClassifier.Load(folder);
        Assert.Equal(result.Classifier.Labels, loaded.Labels);
        Assert.Equal(result.Classifier.Options, loaded.Options);
        Assert.Equal(result.Classifier.Options.Features, loaded.Options.Features);
        foreach (var example in Data(60, seed: 10, classes: 3).Append(new LabeledText("x", "words never seen: £5 www.example.com 07712345678")))
        {
            var expected = result.Classifier.Predict(example.Text);
            var actual = loaded.Predict(example.Text);
            Assert.Equal(expected.Label, actual.Label);
            Assert.Equal(expected.Probabilities, actual.Probabilities);
        }
    }

    [Fact]
    public void A_damaged_or_missing_model_is_a_clear_error()
    {
        var result = ClassifierTraining.Train(Data(200, seed: 11), null, null, Small);
        using var dir = new TempDirectory();
        string folder = dir.File("model");
        result.Classifier.Save(folder);
        string weights = Path.Combine(folder, "classifier.bin");
        var bytes = File.ReadAllBytes(weights);
        bytes[bytes.Length / 2] ^= 0x40;
        File.WriteAllBytes(weights, bytes);
        Assert.Contains("checksum", Assert.Throws<TailorException>(() => TextClassifier.Load(folder)).Message);
        File.WriteAllBytes(weights, bytes[..(bytes.Length / 3)]);
        Assert.Contains("damaged", Assert.Throws<TailorException>(() => TextClassifier.Load(folder)).Message);
        Assert.Contains("not a classifier model", Assert.Throws<TailorException>(() => TextClassifier.Load(dir.File("nothing"))).Message);
    }

    [Fact]
    public void A_test_label_unknown_to_training_names_its_line()
    {
        var test = new List<LabeledText> { new("class0", "kalo mi", 1), new("class9", "rute sa", 2) };
        var ex = Assert.Throws<TailorException>(() => ClassifierTraining.Train(Data(200, seed: 12), null, test, Small));
        Assert.Contains("\"class9\"", ex.Message);
        Assert.Contains("line 2 of the test set", ex.Message);
    }

    [Fact]
    public void Balanced_class_weights_raise_the_recall_of_a_rare_class()
    {
        // 10% of class1, made hard by label noise: balanced weights trade precision for recall on it.
        var all = Data(3000, seed: 13, noise: 0.25);
        var rare = all.Where(e => e.Label == "class0").Concat(all.Where(e => e.Label == "class1").Take(150)).ToList();
        var test = Data(1000, seed: 14);
        var plain = ClassifierTraining.Train(rare, null, test, Small);
        var balanced = ClassifierTraining.Train(rare, null, test, Small with { ClassWeights = "balanced" });
        Assert.True(balanced.Test!.PerClass["class1"].Recall > plain.Test!.PerClass["class1"].Recall,
            $"balanced recall {balanced.Test.PerClass["class1"].Recall} vs plain {plain.Test.PerClass["class1"].Recall}");
    }
}
