using Spectre.Console;
using Tailor.FineTuning.Jobs;

namespace Tailor.Cli.Commands.Finetune;

/// <summary>Follows a job until it ends: a spinner with the status on a terminal, plain event lines otherwise.</summary>
internal static class JobWaiter
{
    public static async Task<FineTuningJobInfo> WaitAsync(FineTuningJobClient client, string jobId, TimeSpan interval, bool quiet, CancellationToken ct)
    {
        FineTuningJobInfo job;
        if (!quiet && CliTerminal.IsInteractive)
        {
            job = await AnsiConsole.Status().StartAsync($"job {jobId}: waiting", async context =>
                await client.WaitAsync(jobId, interval, (j, events) =>
                {
                    foreach (var e in events) AnsiConsole.MarkupLineInterpolated($"[grey]{JobOutput.Event(e)}[/]");
                    context.Status($"job {jobId}: {j.Status}");
                }, ct));
        }
        else
        {
            string? last = null;
            job = await client.WaitAsync(jobId, interval, (j, events) =>
            {
                if (quiet) return;
                foreach (var e in events) Console.Error.WriteLine(JobOutput.Event(e));
                if (j.Status != last) Console.Error.WriteLine($"status: {j.Status}");
                last = j.Status;
            }, ct);
        }
        if (!quiet)
        {
            if (job.Status == "succeeded") Console.Error.WriteLine($"fine-tuned model: {job.FineTunedModel}");
            else if (job.Error != null) Console.Error.WriteLine($"job {job.Status}: {job.Error.Message}");
            else Console.Error.WriteLine($"job {job.Status}");
        }
        return job;
    }
}
