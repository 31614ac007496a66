using System.CommandLine;
using Tailor.FineTuning.Jobs;
using Tailor.OpenAI.Configuration;

namespace Tailor.Cli.Commands.Finetune;

/// <summary><c>tailor finetune status ID [--wait]</c>: a job's state, and the fine-tuned model id once it exists.</summary>
internal static class FinetuneStatusCommand
{
    public static Command Create()
    {
        var id = JobOutput.JobId();
        var wait = new Option<bool>("--wait") { Description = "Follow the job, printing its events, until it ends." };
        var poll = new Option<double>("--poll-interval") { Description = "Seconds between status checks with --wait (default 10).", DefaultValueFactory = _ => 10 };
        var json = CliOptions.Json();
        var command = new Command("status", "Show a fine-tuning job's status, hyperparameters, trained tokens, and the fine-tuned model id or the server's error.") { id, wait, poll, json };
        command.SetAction(async (parse, ct) =>
        {
            var client = new FineTuningJobClient(OpenAiSettings.Resolve());
            bool asJson = parse.GetValue(json);
            var job = parse.GetValue(wait)
                ? await JobWaiter.WaitAsync(client, parse.GetValue(id)!, TimeSpan.FromSeconds(Math.Max(0.001, parse.GetValue(poll))), asJson, ct)
                : await client.GetAsync(parse.GetValue(id)!, ct);
            if (asJson) CliJson.Write(job);
            else JobOutput.WriteJob(job);
            return job.Status == "failed" ? 1 : 0;
        });
        return command;
    }
}
