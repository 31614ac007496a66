namespace Tailor.Server.Tests;

public sealed class ServerOptionsTests
{
    [Theory]
    [InlineData(0, 0)]
    [InlineData(30, 20)]
    [InlineData(5, -1)]
    public void A_job_lease_without_room_for_two_heartbeats_is_refused_naming_the_option(int leaseSeconds, int heartbeatSeconds)
    {
        var options = new ServerOptions { KnowledgeBase = "kb", JobLease = TimeSpan.FromSeconds(leaseSeconds), JobHeartbeat = TimeSpan.FromSeconds(heartbeatSeconds) };
        var ex = Assert.Throws<ServerException>(options.Validate);
        Assert.Equal(400, ex.Status);
        Assert.Contains("--job-lease", ex.Message);
    }

    [Fact]
    public void The_default_job_lease_is_six_heartbeats()
    {
        var options = new ServerOptions { KnowledgeBase = "kb" };
        options.Validate();
        Assert.Equal(options.JobLease, options.JobHeartbeat * 6);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void A_time_the_keys_may_stay_unread_that_is_not_positive_is_refused(int seconds)
    {
        var options = new ServerOptions { KnowledgeBase = "kb", KeysUnreadableAfter = TimeSpan.FromSeconds(seconds) };
        var ex = Assert.Throws<ServerException>(options.Validate);
        Assert.Equal(400, ex.Status);
        Assert.Contains("keys may stay unread", ex.Message);
    }

    [Fact]
    public void By_default_the_keys_may_stay_unread_for_five_minutes_before_requests_are_refused()
    {
        var options = new ServerOptions { KnowledgeBase = "kb" };
        options.Validate();
        Assert.Equal(TimeSpan.FromMinutes(5), options.KeysUnreadableAfter);
    }
}
