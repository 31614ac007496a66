using System.Text;
using Tailor.FineTuning.Conversion;
using Tailor.FineTuning.Datasets;
using Tailor.FineTuning.Statistics;
using Tailor.FineTuning.Validation;

namespace Tailor.FineTuning.Jobs;

/// <summary>
/// Validates the training (and validation) file locally, refusing on any error before anything is
/// uploaded; rewrites the examples in the upload format (chat for chat models; prompt/completion for
/// babbage-002 and davinci-002), leaving out keys the API does not know; uploads the files and creates the job.
/// </summary>
public sealed class JobSubmitter(FineTuningJobClient client, ExampleTokenCounter counter)
{
    /// <summary>Base models trained on prompt/completion data rather than chat.</summary>
    private static readonly string[] CompletionModels = ["babbage-002", "davinci-002"];

    public async Task<JobSubmission> SubmitAsync(string trainingPath, string? validationPath, FineTuningJobRequest request, int? maxTokens = null, Action<string>? progress = null, CancellationToken cancellationToken = default)
    {
        int limit = TrainingTokenLimits.Resolve(request.Model, maxTokens);
        var training = Check(trainingPath, request.Model, limit);
        var validation = validationPath is null ? null : Check(validationPath, request.Model, limit);
        bool completionModel = CompletionModels.Any(m => request.Model.StartsWith(m, StringComparison.OrdinalIgnoreCase));
        var target = completionModel ? DatasetFormat.Completion : DatasetFormat.Chat;

        progress?.Invoke($"uploading {trainingPath} ({training.Examples.Count} examples)");
        var (trainingId, convertedTraining) = await UploadAsync(training, target, cancellationToken).ConfigureAwait(false);
        string? validationId = null;
        bool convertedValidation = false;
        if (validation != null)
        {
            progress?.Invoke($"uploading {validationPath} ({validation.Examples.Count} examples)");
            (validationId, convertedValidation) = await UploadAsync(validation, target, cancellationToken).ConfigureAwait(false);
        }
        progress?.Invoke($"creating the job on {client.Server}");
        var job = await client.CreateAsync(request with { TrainingFileId = trainingId, ValidationFileId = validationId }, cancellationToken).ConfigureAwait(false);
        return new JobSubmission(job, trainingId, validationId, training.Examples.Count, validation?.Examples.Count, convertedTraining || convertedValidation);
    }

    private DatasetFile Check(string path, string model, int limit)
    {
        var dataset = DatasetReader.Read(path);
        var report = DatasetValidator.Validate(dataset, counter, model, limit);
        if (!report.IsValid)
        {
            var first = string.Join("; ", report.Errors.Take(3).Select(e => $"line {e.Line}: {e.Code}: {e.Message}"));
            throw new TailorException($"{path} has {report.Errors.Count} error(s) and was not uploaded ({first}{(report.Errors.Count > 3 ? "; ..." : "")}). Run 'tailor finetune validate {path}' and fix them first.");
        }
        if (dataset.Examples.Count < DatasetValidator.MinimumExamples)
            throw new TailorException($"{path} has {dataset.Examples.Count} examples; OpenAI requires at least {DatasetValidator.MinimumExamples}. Add examples before submitting.");
        return dataset;
    }

    private async Task<(string Id, bool Converted)> UploadAsync(DatasetFile dataset, DatasetFormat target, CancellationToken cancellationToken)
    {
        // Always upload the examples rewritten in the target format: keys the API does not know
        // (e.g. "metadata" from 'finetune generate') are left out, blank lines dropped.
        var name = Path.GetFileName(dataset.Path);
        var text = new StringBuilder();
        foreach (var example in dataset.Examples)
        {
            var obj = DatasetConverter.TryConvert(example, target, out var reason)
                ?? throw new TailorException($"{dataset.Path} line {example.Line} cannot be sent as {DatasetFormats.Name(target)} data: {reason}.");
            text.Append(obj.ToJsonString()).Append('\n');
        }
        bool converted = dataset.Format != target;
        var uploadName = converted ? Path.GetFileNameWithoutExtension(name) + "." + DatasetFormats.Name(target) + ".jsonl" : name;
        return (await client.UploadAsync(BinaryData.FromString(text.ToString()), uploadName, cancellationToken).ConfigureAwait(false), converted);
    }
}
