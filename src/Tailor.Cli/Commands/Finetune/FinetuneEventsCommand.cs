using System.CommandLine;
using Tailor.FineTuning.Jobs;
using Tailor.OpenAI.Configuration;

namespace Tailor.Cli.Commands.Finetune;

/// <summary><c>tailor finetune events ID</c>: a job's events, oldest first.</summary>
internal static class FinetuneEventsCommand
{
    public static Command Create()
    {
        var id = JobOutput.JobId();
        var limit = new Option<int>("--limit") { Description = "How many of the latest events to show (default 50).", DefaultValueFactory = _ => 50 };
        var json = CliOptions.Json();
        var command = new Command("events", "List a fine-tuning job's events (progress, training loss, errors), oldest first.") { id, limit, json };
        command.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(limit) is < 1 or > 1000) throw new TailorException($"--limit {parse.GetValue(limit)} must be 1 to 1000.");
            var events = await new FineTuningJobClient(OpenAiSettings.Resolve()).EventsAsync(parse.GetValue(id)!, parse.GetValue(limit), ct);
            if (parse.GetValue(json)) CliJson.Write(new { events });
            else foreach (var e in events) Console.Out.WriteLine(JobOutput.Event(e));
            return 0;
        });
        return command;
    }
}
