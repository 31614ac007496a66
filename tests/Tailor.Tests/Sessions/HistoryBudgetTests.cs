using Tailor.Chat;
using Tailor.Sessions;
using Tailor.Tokenization;

namespace Tailor.Tests.Sessions;

public class HistoryBudgetTests
{
    private static readonly ITokenCounter Counter = EstimatingTokenCounter.Instance;

    private static List<SessionMessage> Turns(int pairs) =>
        Enumerable.Range(1, pairs).SelectMany(i => new[]
        {
            SessionMessage.User($"question number {i} about the handbook and its vacation rules"),
            SessionMessage.Assistant($"answer number {i}: the handbook says something rather long about vacation rules [1]."),
        }).ToList();

    [Fact]
    public void Everything_fits_a_large_budget()
    {
        var history = Turns(3);
        var kept = HistoryBudget.Trim(history, 100_000, Counter);
        Assert.Equal(history.Select(m => m.Content), kept.Select(m => m.Content));
    }

    [Fact]
    public void The_oldest_messages_go_first_and_the_rest_fit_the_budget()
    {
        var history = Turns(5);
        int pair = Counter.CountTokens(history[0].Content) + Counter.CountTokens(history[1].Content) + 2 * HistoryBudget.OverheadPerMessage;
        int budget = 2 * pair + pair / 2; // two whole turns and half of a third
        var kept = HistoryBudget.Trim(history, budget, Counter);
        Assert.True(HistoryBudget.Count(kept, Counter) <= budget);
        Assert.Equal(ChatRole.User, kept[0].Role); // never starts with an orphaned answer
        Assert.Equal(history.TakeLast(4).Select(m => m.Content), kept.Select(m => m.Content));
    }

    [Fact]
    public void A_budget_smaller_than_the_last_message_keeps_nothing()
    {
        Assert.Empty(HistoryBudget.Trim(Turns(2), 3, Counter));
        Assert.Empty(HistoryBudget.Trim(Turns(2), 0, Counter));
    }
}
