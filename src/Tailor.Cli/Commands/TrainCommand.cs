using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Tailor.FineTuning.Classification;

namespace Tailor.Cli.Commands;

/// <summary><c>tailor train classifier</c>: trains a local text classifier on this machine's CPU and reports its test quality.</summary>
internal static class TrainCommand
{
    public static Command Create() => new("train", "Train task models locally on the CPU.") { CreateClassifier() };

    private static Command CreateClassifier()
    {
        var defaults = new ClassifierOptions();
        var train = new Option<string>("--train") { Description = "Training examples: TSV (label<TAB>text) or JSONL ({\"text\", \"label\"}); the format is detected.", Required = true };
        var validation = new Option<string?>("--validation") { Description = "Validation examples (same formats); default: a stratified share of --train (see --validation-fraction)." };
        var test = new Option<string>("--test") { Description = "Test examples (same formats), used only for the final report.", Required = true };
        var output = new Option<string>("--out") { Description = "Model folder to write (classifier.json + classifier.bin); read by `tailor classify --model`.", Required = true };
        var architecture = new Option<string>("--architecture") { Description = "logistic (multinomial logistic regression) or mlp (one hidden ReLU layer).", DefaultValueFactory = _ => defaults.Architecture };
        architecture.AcceptOnlyFromAmong("logistic", "mlp");
        var hidden = new Option<int>("--hidden") { Description = "Hidden units of the MLP.", DefaultValueFactory = _ => defaults.HiddenUnits };
        var epochs = new Option<int>("--epochs") { Description = "Most epochs; early stopping usually ends sooner.", DefaultValueFactory = _ => defaults.Epochs };
        var batch = new Option<int>("--batch-size") { Description = "Examples per Adam step.", DefaultValueFactory = _ => defaults.BatchSize };
        var rate = new Option<double?>("--learning-rate") { Description = "Adam step size (default 0.02 for logistic, 0.005 for mlp)." };
        var l2 = new Option<double>("--l2") { Description = "L2 regularization.", DefaultValueFactory = _ => defaults.L2 };
        var patience = new Option<int>("--patience") { Description = "Stop after this many epochs without a lower validation loss.", DefaultValueFactory = _ => defaults.Patience };
        var fraction = new Option<double>("--validation-fraction") { Description = "Share of --train held out for validation when --validation is absent.", DefaultValueFactory = _ => defaults.ValidationFraction };
        var weights = new Option<string>("--class-weights") { Description = "none or balanced (weigh rare classes up).", DefaultValueFactory = _ => defaults.ClassWeights };
        weights.AcceptOnlyFromAmong("none", "balanced");
        var buckets = new Option<int>("--buckets") { Description = "Hash buckets for features.", DefaultValueFactory = _ => defaults.Features.Buckets };
        var wordNgrams = new Option<int>("--word-ngrams") { Description = "Longest word n-gram, 1–3.", DefaultValueFactory = _ => defaults.Features.WordNgrams };
        var charNgrams = new Option<string>("--char-ngrams") { Description = "Character n-gram lengths inside words as MIN-MAX; 0-0 turns them off.", DefaultValueFactory = _ => $"{defaults.Features.CharNgramMin}-{defaults.Features.CharNgramMax}" };
        var minDf = new Option<int>("--min-df") { Description = "Keep a feature only when at least this many training texts have it.", DefaultValueFactory = _ => defaults.Features.MinDocumentFrequency };
        var noShapes = new Option<bool>("--no-shapes") { Description = "Leave out shape features (number lengths, phone numbers, URLs, e-mails, currency, capitals)." };
        var embeddings = new Option<string>("--embeddings") { Description = "Add embedding features: none; builtin (an LSA embedder trained on the training texts, saved with the model, offline); or server (the configured embedding model, TAILOR_EMBEDDING_MODEL; classify needs the same model configured).", DefaultValueFactory = _ => defaults.Features.Embeddings };
        embeddings.AcceptOnlyFromAmong("none", "builtin", "server");
        var seed = new Option<int>("--seed") { Description = "Seed of the validation split, initial weights and shuffling.", DefaultValueFactory = _ => defaults.Seed };
        var threads = new Option<int>("--threads") { Description = "Threads for featurizing and evaluating (default: all cores). Results do not depend on it." };
        var json = CliOptions.Json();
        var command = new Command("classifier", "Train a text classifier (hashed word and character n-grams with TF-IDF, optionally embeddings; logistic regression or a small MLP; early stopping on validation loss), report accuracy, macro-F1, per-class precision/recall/F1 and the confusion matrix on the test set, and save the model.")
        {
            train, validation, test, output, architecture, hidden, epochs, batch, rate, l2, patience, fraction, weights, buckets, wordNgrams, charNgrams, minDf, noShapes, embeddings, seed, threads, json,
        };
        command.SetAction((parse, ct) =>
        {
            var (charMin, charMax) = ParseRange(parse.GetValue(charNgrams)!);
            var options = new ClassifierOptions
            {
                Features = new TextFeatureOptions
                {
                    Buckets = parse.GetValue(buckets),
                    WordNgrams = parse.GetValue(wordNgrams),
                    CharNgramMin = charMin,
                    CharNgramMax = charMax,
                    MinDocumentFrequency = parse.GetValue(minDf),
                    Shapes = !parse.GetValue(noShapes),
                    Embeddings = parse.GetValue(embeddings)!,
                },
                Architecture = parse.GetValue(architecture)!,
                HiddenUnits = parse.GetValue(hidden),
                Epochs = parse.GetValue(epochs),
                BatchSize = parse.GetValue(batch),
                LearningRate = parse.GetValue(rate),
                L2 = parse.GetValue(l2),
                Patience = parse.GetValue(patience),
                ValidationFraction = parse.GetValue(fraction),
                ClassWeights = parse.GetValue(weights)!,
                Seed = parse.GetValue(seed),
                Threads = parse.GetValue(threads),
            };
            options.Validate();
            bool asJson = parse.GetValue(json);
            var trainSet = LabeledTextReader.ReadFile(parse.GetValue(train)!);
            var validationSet = parse.GetValue(validation) is { Length: > 0 } v ? LabeledTextReader.ReadFile(v) : null;
            var testSet = LabeledTextReader.ReadFile(parse.GetValue(test)!);
            var progress = new SyncProgress<EpochProgress>(e =>
            {
                if (asJson) return;
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"epoch {e.Epoch,3}/{e.Epochs}  train loss {e.TrainLoss:0.0000}  validation loss {e.ValidationLoss:0.0000}  accuracy {e.ValidationAccuracy:0.0000}{(e.IsBest ? "  *" : "")}"));
            });
            var embedder = options.Features.Embeddings == "server" ? EmbedderHost.Resolve() : null;
            var result = ClassifierTraining.Train(trainSet, validationSet, testSet, options, progress, ct, embedder);
            string folder = Path.GetFullPath(parse.GetValue(output)!);
            result.Classifier.Save(folder);
            var report = result.Test!;
            if (asJson)
            {
                CliJson.Write(new TrainJson(report.Accuracy, report.MacroF1, result.TrainSize, result.ValidationSize, result.TestSize,
                    report.PerClass.ToDictionary(p => p.Key, p => new ClassJson(p.Value.Precision, p.Value.Recall, p.Value.F1, p.Value.Support)),
                    ConfusionJson(report), result.BestEpoch));
                return Task.FromResult(0);
            }
            WriteReport(result, folder);
            return Task.FromResult(0);
        });
        return command;
    }

    private static (int Min, int Max) ParseRange(string value)
    {
        var parts = value.Split('-', 2);
        if (parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int min) && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int max))
            return (min, max);
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int single)) return (single, single);
        throw new TailorException($"--char-ngrams \"{value}\" is not a range: write MIN-MAX, e.g. 2-5 (or 0-0 for none).");
    }

    private static Dictionary<string, Dictionary<string, int>> ConfusionJson(ClassificationReport report)
    {
        var result = new Dictionary<string, Dictionary<string, int>>();
        for (int a = 0; a < report.Labels.Count; a++)
        {
            var row = new Dictionary<string, int>();
            for (int p = 0; p < report.Labels.Count; p++) row[report.Labels[p]] = report.Confusion[a][p];
            result[report.Labels[a]] = row;
        }
        return result;
    }

    private static void WriteReport(TrainingResult result, string folder)
    {
        var report = result.Test!;
        var o = Console.Out;
        o.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"train {result.TrainSize}, validation {result.ValidationSize}, test {result.TestSize} examples; {result.Classifier.FeatureCount:N0} features; best epoch {result.BestEpoch} of {result.Epochs.Count}; {result.Seconds:0.0} s"));
        o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"accuracy {report.Accuracy:0.0000}  macro-F1 {report.MacroF1:0.0000}"));
        var perClass = new Table();
        perClass.AddColumn("label");
        foreach (var name in new[] { "precision", "recall", "F1", "support" }) perClass.AddColumn(new TableColumn(name).RightAligned());
        foreach (var (label, m) in report.PerClass)
            perClass.AddRow(Markup.Escape(label), F(m.Precision), F(m.Recall), F(m.F1), m.Support.ToString(CultureInfo.InvariantCulture));
        Render(perClass);
        o.WriteLine("confusion matrix (rows: true label, columns: predicted label)");
        var confusion = new Table();
        confusion.AddColumn("");
        foreach (var label in report.Labels) confusion.AddColumn(new TableColumn(Markup.Escape(label)).RightAligned());
        for (int a = 0; a < report.Labels.Count; a++)
            confusion.AddRow([Markup.Escape(report.Labels[a]), .. report.Confusion[a].Select(c => c.ToString(CultureInfo.InvariantCulture))]);
        Render(confusion);
        o.WriteLine($"model saved to {folder}");
    }

    private static string F(double v) => v.ToString("0.0000", CultureInfo.InvariantCulture);

    private static void Render(Table table)
    {
        var console = CliTerminal.IsInteractive ? AnsiConsole.Console : AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Out = new AnsiConsoleOutput(Console.Out),
        });
        console.Write(table);
    }

    private sealed record ClassJson(double Precision, double Recall, double F1, int Support);

    private sealed record TrainJson(double Accuracy, double MacroF1, int TrainSize, int ValidationSize, int TestSize,
        Dictionary<string, ClassJson> PerClass, Dictionary<string, Dictionary<string, int>> Confusion, int BestEpoch);
}
