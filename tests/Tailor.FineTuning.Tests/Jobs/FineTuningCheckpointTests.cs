using Tailor.FineTuning.Jobs;
using Tailor.FineTuning.Tests.Datasets;
using Tailor.OpenAI.Configuration;
using Tailor.Testing;
using Tailor.Testing.OpenAi;

namespace Tailor.FineTuning.Tests.Jobs;

/// <summary>A job's checkpoints (GET fine_tuning/jobs/{id}/checkpoints) and choosing the best on validation.</summary>
public sealed class FineTuningCheckpointTests
{
    private static async Task<(FineTuningJobClient Client, string JobId)> SucceededJobAsync(OpenAiTestServer server, TempDirectory dir)
    {
        var client = new FineTuningJobClient(new OpenAiSettings { BaseUrl = server.BaseUrl, ApiKey = "test-key", MaxRetries = 1 });
        var train = FineTuningJobClientTests.WriteDataset(dir, "train.jsonl", 12);
        var valid = FineTuningJobClientTests.WriteDataset(dir, "valid.jsonl", 10, i => Jsonl.Chat($"Other {i}?", $"Reply {i}."));
        var submission = await new JobSubmitter(client, Jsonl.Counter).SubmitAsync(train, valid, new FineTuningJobRequest("gpt-4o-mini", "") { Suffix = "faq" });
        var job = await client.WaitAsync(submission.Job.Id, TimeSpan.FromMilliseconds(1), (_, _) => { });
        Assert.Equal("succeeded", job.Status);
        return (client, job.Id);
    }

    [Fact]
    public async Task Lists_every_checkpoint_with_metrics_across_pages_and_picks_the_lowest_validation_loss()
    {
        await using var server = await OpenAiTestServer.StartAsync();
        server.CheckpointLosses = [1.4, 1.1, 0.8, 0.55, 0.61, 0.7, 0.9, 1.0, 1.2, 1.3, 1.35, 1.5]; // more than one page of 10
        using var dir = new TempDirectory();
        var (client, jobId) = await SucceededJobAsync(server, dir);

        var checkpoints = await client.CheckpointsAsync(jobId);
        Assert.Equal(Enumerable.Range(1, 12).Select(e => e * 10), checkpoints.Select(c => c.StepNumber));
        Assert.All(checkpoints, c => Assert.Matches(@"^ft:gpt-4o-mini:tailor::\d+:ckpt-step-\d+$", c.FineTunedModelCheckpoint));
        var fourth = checkpoints[3];
        Assert.Equal((0.55, 0.44), (fourth.FullValidLoss, fourth.TrainLoss));
        Assert.Equal(0.5775, fourth.ValidLoss);
        var best = FineTuningCheckpoint.Best(checkpoints);
        Assert.Equal(40, best!.StepNumber);
        Assert.EndsWith(":ckpt-step-40", best.FineTunedModelCheckpoint);
        // the client asked for more pages with after=last_id
        Assert.Contains(server.RequestsTo("fine_tuning/jobs"), r => r.Path.EndsWith("/checkpoints", StringComparison.Ordinal) && r.Query.Contains("after=", StringComparison.Ordinal));
    }

    [Fact]
    public void Best_prefers_the_full_validation_loss_and_needs_one()
    {
        FineTuningCheckpoint C(int step, double? valid, double? full) => new($"c{step}", $"m:ckpt-step-{step}", step, null, 0.5, null, valid, null, full, null);
        Assert.Equal(2, FineTuningCheckpoint.Best([C(1, 0.2, 0.9), C(2, 0.8, 0.5)])!.StepNumber);
        Assert.Equal(1, FineTuningCheckpoint.Best([C(1, 0.3, null), C(2, 0.4, null)])!.StepNumber);
        Assert.Null(FineTuningCheckpoint.Best([C(1, null, null)]));
    }

    [Fact]
    public async Task An_unknown_job_is_a_clear_error()
    {
        await using var server = await OpenAiTestServer.StartAsync();
        var client = new FineTuningJobClient(new OpenAiSettings { BaseUrl = server.BaseUrl, ApiKey = "k", MaxRetries = 0 });
        var ex = await Assert.ThrowsAsync<TailorException>(() => client.CheckpointsAsync("ftjob-nope"));
        Assert.Contains("ftjob-nope", ex.Message);
        Assert.Contains("404", ex.Message);
    }
}
