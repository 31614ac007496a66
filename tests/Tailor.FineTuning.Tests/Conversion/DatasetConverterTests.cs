using Tailor.FineTuning.Conversion;
using Tailor.FineTuning.Datasets;
using Tailor.FineTuning.Tests.Datasets;

namespace Tailor.FineTuning.Tests.Conversion;

public class DatasetConverterTests
{
    private static TrainingExample Through(TrainingExample example, DatasetFormat format)
    {
        var obj = DatasetConverter.TryConvert(example, format, out var reason);
        Assert.True(obj != null, reason);
        var back = Jsonl.Parse(obj!.ToJsonString());
        Assert.Equal(format, back.Format);
        Assert.Empty(back.Errors);
        return back.Examples[0];
    }

    private static void SameMessages(TrainingExample a, TrainingExample b) =>
        Assert.Equal(a.Messages.Select(m => (m.Role, m.Content, m.Weight)), b.Messages.Select(m => (m.Role, m.Content, m.Weight)));

    [Theory]
    [InlineData(DatasetFormat.Completion)]
    [InlineData(DatasetFormat.Alpaca)]
    [InlineData(DatasetFormat.ShareGpt)]
    [InlineData(DatasetFormat.Chat)]
    public void Single_turn_chat_round_trips_through_every_format(DatasetFormat format)
    {
        var original = Jsonl.Parse(Jsonl.Chat("Translate 'chat' to English.", "Cat.")).Examples[0];
        SameMessages(original, Through(original, format));
    }

    [Theory]
    [InlineData(DatasetFormat.Alpaca)]
    [InlineData(DatasetFormat.ShareGpt)]
    public void A_system_message_round_trips_where_the_format_has_one(DatasetFormat format)
    {
        var original = Jsonl.Parse(Jsonl.Chat("2+2?", "4", system: "You are a calculator.")).Examples[0];
        SameMessages(original, Through(original, format));
    }

    [Fact]
    public void Multi_turn_with_weights_round_trips_through_sharegpt()
    {
        var original = Jsonl.Parse("""{"messages": [{"role": "system", "content": "s"}, {"role": "user", "content": "a"}, {"role": "assistant", "content": "b", "weight": 0}, {"role": "user", "content": "c"}, {"role": "assistant", "content": "d"}]}""").Examples[0];
        SameMessages(original, Through(original, DatasetFormat.ShareGpt));
    }

    [Fact]
    public void Each_format_round_trips_back_to_itself_through_chat()
    {
        string[] sources =
        [
            """{"prompt": "p", "completion": "c"}""",
            """{"instruction": "i", "input": "", "output": "o", "system": "s"}""",
            """{"conversations": [{"from": "system", "value": "s"}, {"from": "human", "value": "h"}, {"from": "gpt", "value": "g"}]}""",
        ];
        foreach (var source in sources)
        {
            var file = Jsonl.Parse(source);
            var chat = DatasetConverter.TryConvert(file.Examples[0], DatasetFormat.Chat, out _)!;
            var back = DatasetConverter.TryConvert(Jsonl.Parse(chat.ToJsonString()).Examples[0], file.Format, out _)!;
            Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(System.Text.Json.Nodes.JsonNode.Parse(source), back), back.ToJsonString());
        }
    }

    [Fact]
    public void Alpaca_input_joins_the_instruction()
    {
        var example = Jsonl.Parse("""{"instruction": "Summarize.", "input": "A long text.", "output": "Short."}""").Examples[0];
        Assert.Equal("Summarize.\n\nA long text.", example.Messages[0].Content);
    }

    [Fact]
    public void Conversations_a_format_cannot_hold_are_refused_with_a_reason()
    {
        var multi = Jsonl.Parse("""{"messages": [{"role": "user", "content": "a"}, {"role": "assistant", "content": "b"}, {"role": "user", "content": "c"}, {"role": "assistant", "content": "d"}]}""").Examples[0];
        Assert.Null(DatasetConverter.TryConvert(multi, DatasetFormat.Completion, out var reason));
        Assert.Contains("one user message", reason);
        Assert.Null(DatasetConverter.TryConvert(multi, DatasetFormat.Alpaca, out _));
    }

    [Fact]
    public void A_system_message_leads_the_prompt_of_a_completion()
    {
        var example = Jsonl.Parse(Jsonl.Chat("2+2?", "4", system: "You are a calculator.")).Examples[0];
        var obj = DatasetConverter.TryConvert(example, DatasetFormat.Completion, out _)!;
        Assert.Equal("You are a calculator.\n\n2+2?", obj["prompt"]!.GetValue<string>());
        Assert.Equal("4", obj["completion"]!.GetValue<string>());
    }
}
