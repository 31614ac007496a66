using System.CommandLine;
using System.Globalization;
using Tailor.FineTuning.Jobs;
using Tailor.OpenAI.Configuration;

namespace Tailor.Cli.Commands.Finetune;

/// <summary><c>tailor finetune checkpoints JOB [--best]</c>: a job's checkpoints with their metrics; --best names the one with the lowest validation loss.</summary>
internal static class FinetuneCheckpointsCommand
{
    public static Command Create()
    {
        var id = JobOutput.JobId();
        var best = new Option<bool>("--best") { Description = "Print only the checkpoint model id with the lowest validation loss (full validation loss when the server computed it), to pass to `finetune eval --model`." };
        var json = CliOptions.Json();
        var command = new Command("checkpoints", "List a fine-tuning job's checkpoints (step, model id, training and validation loss and token accuracy); --best names the one with the lowest validation loss.") { id, best, json };
        command.SetAction(async (parse, ct) =>
        {
            var client = new FineTuningJobClient(OpenAiSettings.Resolve());
            var job = parse.GetValue(id)!;
            var checkpoints = await client.CheckpointsAsync(job, cancellationToken: ct);
            bool asJson = parse.GetValue(json);
            if (parse.GetValue(best))
            {
                var chosen = FineTuningCheckpoint.Best(checkpoints)
                    ?? throw new TailorException(checkpoints.Count == 0
                        ? $"job {job} has no checkpoints yet; they appear when the job has trained (see `tailor finetune status {job}`)."
                        : $"none of the {checkpoints.Count} checkpoints of job {job} has a validation loss; submit the job with --validation FILE to choose by it.", TailorErrorKind.NotFound);
                if (asJson) CliJson.Write(chosen);
                else Console.Out.WriteLine(chosen.FineTunedModelCheckpoint);
                return 0;
            }
            if (asJson)
            {
                CliJson.Write(new { Job = job, Checkpoints = checkpoints, Best = FineTuningCheckpoint.Best(checkpoints)?.FineTunedModelCheckpoint });
                return 0;
            }
            if (checkpoints.Count == 0)
            {
                Console.Out.WriteLine($"job {job} has no checkpoints yet.");
                return 0;
            }
            var top = FineTuningCheckpoint.Best(checkpoints);
            var inv = CultureInfo.InvariantCulture;
            string M(double? v) => v is { } x ? x.ToString("0.0000", inv) : "-";
            Console.Out.WriteLine("step\ttrain_loss\tvalid_loss\tfull_valid_loss\tfull_valid_acc\tmodel");
            foreach (var c in checkpoints)
                Console.Out.WriteLine($"{c.StepNumber.ToString(inv)}\t{M(c.TrainLoss)}\t{M(c.ValidLoss)}\t{M(c.FullValidLoss)}\t{M(c.FullValidMeanTokenAccuracy)}\t{c.FineTunedModelCheckpoint}{(c == top ? "  ← best" : "")}");
            if (top != null) Console.Out.WriteLine($"best on validation: {top.FineTunedModelCheckpoint} (validation loss {M(top.ValidationLoss)}, step {top.StepNumber.ToString(inv)})");
            return 0;
        });
        return command;
    }
}
