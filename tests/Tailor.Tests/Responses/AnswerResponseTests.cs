using System.Text.Json;
using Tailor.Answering;
using Tailor.Responses;

namespace Tailor.Tests.Responses;

public class AnswerResponseTests
{
    private static readonly Answer Quoted = new()
    {
        Text = "Contractors get 12 days [1]. Shorter contracts get none [1]. Holidays are extra [2].",
        Found = true,
        Citations =
        [
            new Citation(1, "vacation.md", "/kb/vacation.md", "/kb/vacation.md#L3-L5", "Contractors get 12 days."),
            new Citation(1, "vacation.md", "/kb/vacation.md", "/kb/vacation.md#L3-L5", "Shorter contracts get none."),
            new Citation(2, "holidays.md", "/kb/holidays.md", "/kb/holidays.md#L1-L2", "Holidays are extra."),
        ],
    };

    [Fact]
    public void Citations_are_one_per_source_with_every_quote_in_order()
    {
        var response = AnswerResponse.From(Quoted);
        Assert.Equal([1, 2], response.Citations.Select(c => c.N));
        Assert.Equal(["Contractors get 12 days.", "Shorter contracts get none."], response.Citations[0].Quotes);
        Assert.Equal("holidays.md", response.Citations[1].DocumentId);
    }

    [Fact]
    public void Reason_usage_cost_and_fallback_are_always_written_and_null_when_not_applicable()
    {
        var found = JsonDocument.Parse(JsonSerializer.Serialize(AnswerResponse.From(Quoted), ResponseJson.Options)).RootElement;
        foreach (var field in new[] { "reason", "usage", "cost_usd", "fallback" })
            Assert.Equal(JsonValueKind.Null, found.GetProperty(field).ValueKind);
        Assert.Equal("vacation.md", found.GetProperty("citations")[0].GetProperty("document_id").GetString());

        var notFound = AnswerResponse.From(Answer.NotFound("nothing matched", []));
        var json = JsonDocument.Parse(JsonSerializer.Serialize(notFound, ResponseJson.Options)).RootElement;
        Assert.False(json.GetProperty("found").GetBoolean());
        Assert.Equal("nothing matched", json.GetProperty("reason").GetString());
    }
}
