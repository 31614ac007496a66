using System.CommandLine;
using Tailor.FineTuning.Jobs;
using Tailor.FineTuning.Statistics;
using Tailor.OpenAI.Configuration;
using Tailor.Tokenization;

namespace Tailor.Cli.Commands.Finetune;

/// <summary><c>tailor finetune submit FILE --model M</c>: validates locally, uploads, creates the job, and with --wait follows it to the model id.</summary>
internal static class FinetuneSubmitCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "Training JSONL (chat; Alpaca, ShareGPT and prompt/completion are converted to chat before upload)." };
        var model = new Option<string>("--model") { Description = "Base model to fine-tune, e.g. gpt-4o-mini-2024-07-18.", Required = true };
        var validation = new Option<string?>("--validation") { Description = "Validation JSONL, scored during training." };
        var suffix = new Option<string?>("--suffix") { Description = "Up to 64 characters added to the fine-tuned model's name." };
        var epochs = new Option<int?>("--epochs") { Description = "Epochs to train (default: the server's choice)." };
        var seed = new Option<int?>("--seed") { Description = "Training seed, for repeatable jobs." };
        var maxTokens = new Option<int?>("--max-tokens") { Description = "Most tokens one example may hold (default: the model's training limit)." };
        var vocabDir = new Option<string?>("--vocab-dir") { Description = "Folder holding <encoding>.tiktoken for the local validation." };
        var encoding = new Option<string?>("--encoding") { Description = "Tokenizer encoding (cl100k_base or o200k_base) for models Tailor does not know (default: the model's)." };
        var wait = new Option<bool>("--wait") { Description = "Follow the job, printing its events, until it ends; print the fine-tuned model id." };
        var poll = new Option<double>("--poll-interval") { Description = "Seconds between status checks with --wait (default 10).", DefaultValueFactory = _ => 10 };
        var json = CliOptions.Json();
        var command = new Command("submit", "Validate a dataset locally (refusing on errors), upload it with purpose fine-tune, and create a fine-tuning job on the configured OpenAI-compatible server (OPENAI_API_KEY, OPENAI_BASE_URL).")
        {
            file, model, validation, suffix, epochs, seed, maxTokens, encoding, vocabDir, wait, poll, json,
        };
        command.SetAction(async (parse, ct) =>
        {
            bool asJson = parse.GetValue(json);
            var modelName = parse.GetValue(model)!;
            if (parse.GetValue(suffix) is { Length: > 64 } s) throw new TailorException($"--suffix \"{s}\" is {s.Length} characters; OpenAI allows at most 64.");
            if (parse.GetValue(poll) is var p && (p <= 0 || double.IsNaN(p))) throw new TailorException($"--poll-interval {p} must be a positive number of seconds.");
            var client = new FineTuningJobClient(OpenAiSettings.Resolve());
            var counter = ExampleTokenCounter.ForEncodingOrEstimate(
                parse.GetValue(encoding) is { Length: > 0 } enc ? enc : ModelEncodings.GetEncoding(modelName),
                parse.GetValue(vocabDir), note => Console.Error.WriteLine("note: " + note));
            var submitter = new JobSubmitter(client, counter);
            var request = new FineTuningJobRequest(modelName, "") { Suffix = parse.GetValue(suffix), Epochs = parse.GetValue(epochs), Seed = parse.GetValue(seed) };
            var submission = await submitter.SubmitAsync(parse.GetValue(file)!, parse.GetValue(validation), request, parse.GetValue(maxTokens),
                line => { if (!asJson) Console.Error.WriteLine(line); }, ct);
            if (!asJson)
            {
                if (submission.Converted) Console.Error.WriteLine("note: the data was converted to chat format for upload");
                Console.Error.WriteLine($"created job {submission.Job.Id} ({submission.Job.Status}); follow it with: tailor finetune status {submission.Job.Id}");
            }
            var job = submission.Job;
            if (parse.GetValue(wait))
                job = await JobWaiter.WaitAsync(client, job.Id, TimeSpan.FromSeconds(parse.GetValue(poll)), asJson, ct);
            if (asJson) CliJson.Write(new SubmitJson(job, submission.TrainingFileId, submission.ValidationFileId, submission.TrainingExamples, submission.ValidationExamples, submission.Converted));
            else if (job.IsFinished) JobOutput.WriteJob(job);
            else Console.Out.WriteLine(job.Id);
            return job.Status is "failed" or "cancelled" ? 1 : 0;
        });
        return command;
    }

    private sealed record SubmitJson(FineTuningJobInfo Job, string TrainingFileId, string? ValidationFileId, int TrainingExamples, int? ValidationExamples, bool Converted);
}
