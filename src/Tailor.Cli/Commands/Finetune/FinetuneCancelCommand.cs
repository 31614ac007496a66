using System.CommandLine;
using Tailor.FineTuning.Jobs;
using Tailor.OpenAI.Configuration;

namespace Tailor.Cli.Commands.Finetune;

/// <summary><c>tailor finetune cancel ID</c>: cancels a job that has not finished.</summary>
internal static class FinetuneCancelCommand
{
    public static Command Create()
    {
        var id = JobOutput.JobId();
        var json = CliOptions.Json();
        var command = new Command("cancel", "Cancel a fine-tuning job that is still validating, queued or running.") { id, json };
        command.SetAction(async (parse, ct) =>
        {
            var job = await new FineTuningJobClient(OpenAiSettings.Resolve()).CancelAsync(parse.GetValue(id)!, ct);
            if (parse.GetValue(json)) CliJson.Write(job);
            else JobOutput.WriteJob(job);
            return 0;
        });
        return command;
    }
}
