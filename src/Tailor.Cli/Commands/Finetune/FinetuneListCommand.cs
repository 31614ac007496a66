using System.CommandLine;
using Tailor.FineTuning.Jobs;
using Tailor.OpenAI.Configuration;

namespace Tailor.Cli.Commands.Finetune;

/// <summary><c>tailor finetune list</c>: the most recent jobs.</summary>
internal static class FinetuneListCommand
{
    public static Command Create()
    {
        var limit = new Option<int>("--limit") { Description = "How many jobs to list, newest first (default 20).", DefaultValueFactory = _ => 20 };
        var json = CliOptions.Json();
        var command = new Command("list", "List recent fine-tuning jobs on the configured server, newest first.") { limit, json };
        command.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(limit) is < 1 or > 100) throw new TailorException($"--limit {parse.GetValue(limit)} must be 1 to 100.");
            var jobs = await new FineTuningJobClient(OpenAiSettings.Resolve()).ListAsync(parse.GetValue(limit), ct);
            if (parse.GetValue(json)) { CliJson.Write(new { jobs }); return 0; }
            if (jobs.Count == 0) Console.Out.WriteLine("no fine-tuning jobs");
            foreach (var j in jobs)
                Console.Out.WriteLine($"{j.Id}  {j.Status,-16} {j.Model}  {j.FineTunedModel ?? ""}{(j.CreatedAt is { } c ? "  " + JobOutput.Time(c) : "")}");
            return 0;
        });
        return command;
    }
}
