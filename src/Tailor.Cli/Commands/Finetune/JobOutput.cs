using System.CommandLine;
using System.Globalization;
using Tailor.FineTuning.Jobs;

namespace Tailor.Cli.Commands.Finetune;

/// <summary>How jobs and events are shown on the terminal.</summary>
internal static class JobOutput
{
    public static void WriteJob(FineTuningJobInfo job)
    {
        Console.Out.WriteLine($"job {job.Id}: {job.Status}");
        Console.Out.WriteLine($"  model: {job.Model}{(job.Suffix != null ? $" (suffix {job.Suffix})" : "")}");
        if (job.TrainingFile != null) Console.Out.WriteLine($"  training file: {job.TrainingFile}");
        if (job.ValidationFile != null) Console.Out.WriteLine($"  validation file: {job.ValidationFile}");
        if (job.Epochs != null) Console.Out.WriteLine($"  epochs: {job.Epochs}");
        if (job.CreatedAt is { } c) Console.Out.WriteLine($"  created: {Time(c)}");
        if (job.FinishedAt is { } f) Console.Out.WriteLine($"  finished: {Time(f)}");
        if (job.TrainedTokens is { } t) Console.Out.WriteLine($"  trained tokens: {t.ToString("N0", CultureInfo.InvariantCulture)}");
        if (job.FineTunedModel != null) Console.Out.WriteLine($"  fine-tuned model: {job.FineTunedModel}");
        if (job.Error != null) Console.Out.WriteLine($"  error: {job.Error.Message}{(job.Error.Code != null ? $" ({job.Error.Code})" : "")}");
    }

    public static string Event(FineTuningJobEvent e) => $"{Time(e.CreatedAt)} {e.Level,-5} {e.Message}";

    public static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static Argument<string> JobId() => new("job") { Description = "Fine-tuning job id (ftjob-...)." };
}
