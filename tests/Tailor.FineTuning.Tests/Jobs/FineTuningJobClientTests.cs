using Tailor.FineTuning.Jobs;
using Tailor.FineTuning.Tests.Datasets;
using Tailor.OpenAI.Configuration;
using Tailor.Testing;
using Tailor.Testing.OpenAi;

namespace Tailor.FineTuning.Tests.Jobs;

/// <summary>Job control against the local OpenAI wire-format test server.</summary>
public class FineTuningJobClientTests
{
    private static OpenAiSettings Local(OpenAiTestServer server) =>
        new() { BaseUrl = server.BaseUrl, ApiKey = "test-key", MaxRetries = 1, Timeout = TimeSpan.FromSeconds(60) };

    internal static string WriteDataset(TempDirectory dir, string name, int examples, Func<int, string>? line = null)
    {
        var path = Path.Combine(dir.Path, name);
        File.WriteAllLines(path, Enumerable.Range(0, examples).Select(i => line?.Invoke(i) ?? Jsonl.Chat($"Question {i}?", $"Answer {i}.")));
        return path;
    }

    [Fact]
    public async Task Submit_uploads_both_files_creates_the_job_and_waits_for_the_model()
    {
        await using var server = await OpenAiTestServer.StartAsync();
        server.RequiredApiKey = "test-key";
        using var dir = new TempDirectory();
        var train = WriteDataset(dir, "train.jsonl", 12);
        var valid = WriteDataset(dir, "valid.jsonl", 10, i => Jsonl.Chat($"Other {i}?", $"Reply {i}."));
        var client = new FineTuningJobClient(Local(server));
        var submitter = new JobSubmitter(client, Jsonl.Counter);
        var submission = await submitter.SubmitAsync(train, valid, new FineTuningJobRequest("gpt-4o-mini", "") { Suffix = "faq", Epochs = 2 });

        var uploads = server.RequestsTo("files").Where(r => r.Method == "POST").ToList();
        Assert.Equal(2, uploads.Count);
        var create = Assert.Single(server.RequestsTo("fine_tuning/jobs"), r => r.Method == "POST");
        Assert.Equal("gpt-4o-mini", create.Json!["model"]!.GetValue<string>());
        Assert.Equal(submission.TrainingFileId, create.Json["training_file"]!.GetValue<string>());
        Assert.Equal(submission.ValidationFileId, create.Json["validation_file"]!.GetValue<string>());
        Assert.Equal("faq", create.Json["suffix"]!.GetValue<string>());
        Assert.Equal(2, create.Json["method"]!["supervised"]!["hyperparameters"]!["n_epochs"]!.GetValue<int>());
        Assert.False(submission.Converted);

        var statuses = new List<string>();
        var messages = new List<string>();
        var final = await client.WaitAsync(submission.Job.Id, TimeSpan.FromMilliseconds(1), (job, events) =>
        {
            statuses.Add(job.Status);
            messages.AddRange(events.Select(e => e.Message));
        });
        Assert.Equal("succeeded", final.Status);
        Assert.StartsWith("ft:gpt-4o-mini:", final.FineTunedModel);
        Assert.Equal(["queued", "running", "succeeded"], statuses);
        Assert.Equal(messages.Distinct().Count(), messages.Count);
        Assert.Contains(messages, m => m.Contains("successfully completed", StringComparison.Ordinal));
        Assert.StartsWith("Created fine-tuning job", messages[0]);
    }

    [Fact]
    public async Task A_failed_job_reports_the_servers_error()
    {
        await using var server = await OpenAiTestServer.StartAsync();
        server.FailNextJob = "Training file has 3 examples with too many tokens.";
        using var dir = new TempDirectory();
        var client = new FineTuningJobClient(Local(server));
        var submission = await new JobSubmitter(client, Jsonl.Counter).SubmitAsync(WriteDataset(dir, "t.jsonl", 10), null, new FineTuningJobRequest("gpt-4o-mini", ""));
        var final = await client.WaitAsync(submission.Job.Id, TimeSpan.FromMilliseconds(1), (_, _) => { });
        Assert.Equal("failed", final.Status);
        Assert.Null(final.FineTunedModel);
        Assert.Equal("Training file has 3 examples with too many tokens.", final.Error!.Message);
        Assert.Equal("invalid_training_file", final.Error.Code);
        var events = await client.EventsAsync(final.Id);
        Assert.Equal("error", events[^1].Level);
    }

    [Fact]
    public async Task Cancel_stops_a_running_job_and_a_finished_one_cannot_be_cancelled()
    {
        await using var server = await OpenAiTestServer.StartAsync();
        using var dir = new TempDirectory();
        var client = new FineTuningJobClient(Local(server));
        var id = (await new JobSubmitter(client, Jsonl.Counter).SubmitAsync(WriteDataset(dir, "t.jsonl", 10), null, new FineTuningJobRequest("gpt-4o-mini", ""))).Job.Id;
        var cancelled = await client.CancelAsync(id);
        Assert.Equal("cancelled", cancelled.Status);
        Assert.True(cancelled.IsFinished);
        Assert.Equal("cancelled", (await client.GetAsync(id)).Status);
        var ex = await Assert.ThrowsAsync<TailorException>(() => client.CancelAsync(id));
        Assert.Contains("HTTP 400", ex.Message);
        Assert.Contains("cannot be cancelled", ex.Message);
    }

    [Fact]
    public async Task List_returns_newest_first_and_unknown_jobs_name_the_id()
    {
        await using var server = await OpenAiTestServer.StartAsync();
        using var dir = new TempDirectory();
        var client = new FineTuningJobClient(Local(server));
        var submitter = new JobSubmitter(client, Jsonl.Counter);
        var path = WriteDataset(dir, "t.jsonl", 10);
        var first = (await submitter.SubmitAsync(path, null, new FineTuningJobRequest("gpt-4o-mini", ""))).Job.Id;
        var second = (await submitter.SubmitAsync(path, null, new FineTuningJobRequest("gpt-4.1-mini", ""))).Job.Id;
        var jobs = await client.ListAsync();
        Assert.Equal([second, first], jobs.Select(j => j.Id));
        Assert.Equal("gpt-4.1-mini", jobs[0].Model);
        var ex = await Assert.ThrowsAsync<TailorException>(() => client.GetAsync("ftjob-nope"));
        Assert.Contains("ftjob-nope", ex.Message);
        Assert.Contains("404", ex.Message);
    }

    [Fact]
    public async Task An_invalid_file_is_refused_before_anything_is_uploaded()
    {
        await using var server = await OpenAiTestServer.StartAsync();
        using var dir = new TempDirectory();
        var path = WriteDataset(dir, "bad.jsonl", 12, i => i == 5 ? """{"messages": [{"role": "user", "content": "no answer"}]}""" : Jsonl.Chat($"q{i}", $"a{i}"));
        var client = new FineTuningJobClient(Local(server));
        var ex = await Assert.ThrowsAsync<TailorException>(() => new JobSubmitter(client, Jsonl.Counter).SubmitAsync(path, null, new FineTuningJobRequest("gpt-4o-mini", "")));
        Assert.Contains("line 6", ex.Message);
        Assert.Contains("no_assistant_message", ex.Message);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Alpaca_data_is_uploaded_as_chat_jsonl()
    {
        await using var server = await OpenAiTestServer.StartAsync();
        using var dir = new TempDirectory();
        var path = WriteDataset(dir, "alpaca.jsonl", 10, i => $$"""{"instruction": "Say {{i}}", "input": "", "output": "{{i}}"}""");
        var client = new FineTuningJobClient(Local(server));
        var submission = await new JobSubmitter(client, Jsonl.Counter).SubmitAsync(path, null, new FineTuningJobRequest("gpt-4o-mini", ""));
        Assert.True(submission.Converted);
        var content = await new HttpClient().GetStringAsync(new Uri(server.BaseUrl, $"files/{submission.TrainingFileId}/content"));
        var uploaded = Jsonl.Parse(content);
        Assert.Equal(Tailor.FineTuning.Datasets.DatasetFormat.Chat, uploaded.Format);
        Assert.Equal(10, uploaded.Examples.Count);
        Assert.Equal("Say 3", uploaded.Examples[3].Messages[0].Content);
    }

    [Fact]
    public async Task Server_errors_on_upload_carry_the_servers_message()
    {
        await using var server = await OpenAiTestServer.StartAsync();
        server.RequiredApiKey = "right-key";
        using var dir = new TempDirectory();
        var client = new FineTuningJobClient(Local(server));
        var ex = await Assert.ThrowsAsync<TailorException>(() => new JobSubmitter(client, Jsonl.Counter).SubmitAsync(WriteDataset(dir, "t.jsonl", 10), null, new FineTuningJobRequest("gpt-4o-mini", "")));
        Assert.Contains("401", ex.Message);
        Assert.Contains("OPENAI_API_KEY", ex.Message);
    }

    [Fact]
    public void No_server_configured_is_refused_clearly()
    {
        var ex = Assert.Throws<TailorException>(() => new FineTuningJobClient(new OpenAiSettings()));
        Assert.Contains("OPENAI_API_KEY", ex.Message);
    }
}
