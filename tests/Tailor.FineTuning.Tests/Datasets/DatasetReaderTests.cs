using Tailor.FineTuning.Datasets;

namespace Tailor.FineTuning.Tests.Datasets;

public class DatasetReaderTests
{
    [Theory]
    [InlineData("""{"messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "hello"}]}""", DatasetFormat.Chat)]
    [InlineData("""{"prompt": "hi", "completion": "hello"}""", DatasetFormat.Completion)]
    [InlineData("""{"instruction": "hi", "input": "", "output": "hello"}""", DatasetFormat.Alpaca)]
    [InlineData("""{"conversations": [{"from": "human", "value": "hi"}, {"from": "gpt", "value": "hello"}]}""", DatasetFormat.ShareGpt)]
    public void Detects_each_format_and_reads_it_as_user_then_assistant(string line, DatasetFormat expected)
    {
        var file = Jsonl.Parse(line + "\n" + line);
        Assert.Equal(expected, file.Format);
        Assert.True(file.FormatDetected);
        Assert.Empty(file.Errors);
        Assert.Equal(2, file.Examples.Count);
        var m = file.Examples[0].Messages;
        Assert.Equal(["user", "assistant"], m.Select(x => x.Role));
        Assert.Equal(["hi", "hello"], m.Select(x => x.Content));
    }

    [Fact]
    public void Detection_skips_broken_lines_and_follows_the_majority()
    {
        var file = Jsonl.Parse("not json\n" + """{"prompt": "a", "completion": "b"}""" + "\n" + Jsonl.Chat("q", "a") + "\n" + Jsonl.Chat("q2", "a2"));
        Assert.Equal(DatasetFormat.Chat, file.Format);
        Assert.Contains(file.Errors, e => e.Line == 1 && e.Code == IssueCodes.InvalidJson);
        Assert.Contains(file.Errors, e => e.Line == 2 && e.Code == IssueCodes.FormatMismatch);
    }

    [Fact]
    public void A_given_format_overrides_detection()
    {
        var file = Jsonl.Parse(Jsonl.Chat("q", "a"), DatasetFormat.Completion);
        Assert.False(file.FormatDetected);
        Assert.Equal(DatasetFormat.Completion, file.Format);
        Assert.Contains(file.Errors, e => e.Code == IssueCodes.MissingKey);
    }

    [Fact]
    public void Each_structural_error_is_reported_on_its_own_line()
    {
        string[] lines =
        [
            Jsonl.Chat("fine", "ok"),                                                          // 1
            "{\"messages\": [",                                                                // 2 invalid_json
            "[1, 2]",                                                                          // 3 not_object
            """{"mesages": []}""",                                                             // 4 missing_messages (+ unknown_key warning)
            """{"messages": "hi"}""",                                                          // 5 messages_not_list
            """{"messages": [{"role": "robot", "content": "x"}, {"role": "assistant", "content": "y"}]}""", // 6 unknown_role
            """{"messages": [{"role": "user"}, {"role": "assistant", "content": "y"}]}""",     // 7 missing_content
            """{"messages": [{"role": "user", "content": "x"}]}""",                           // 8 no_assistant_message
            """{"messages": [{"role": "user", "content": "  "}, {"role": "assistant", "content": "y"}]}""", // 9 empty_content
            """{"messages": [{"role": "user", "content": 5}, {"role": "assistant", "content": "y"}]}""",   // 10 wrong_type
            """{"messages": [{"role": "user", "content": "x", "mood": "sad"}, {"role": "assistant", "content": "y"}]}""", // 11 unknown_key
            """{"messages": [{"content": "x"}, {"role": "assistant", "content": "y"}]}""",     // 12 missing_role
            """{"messages": [{"role": "user", "content": "x"}, {"role": "assistant", "content": "y", "weight": 2}]}""", // 13 invalid_weight
            "",                                                                                 // 14 blank: ignored
            """{"messages": []}""",                                                            // 15 empty_messages
        ];
        var file = Jsonl.Parse(string.Join("\n", lines));
        (int, string)[] expected =
        [
            (2, IssueCodes.InvalidJson), (3, IssueCodes.NotObject), (4, IssueCodes.MissingMessages), (5, IssueCodes.MessagesNotList),
            (6, IssueCodes.UnknownRole), (7, IssueCodes.MissingContent), (8, IssueCodes.NoAssistantMessage), (9, IssueCodes.EmptyContent),
            (10, IssueCodes.WrongType), (11, IssueCodes.UnknownKey), (12, IssueCodes.MissingRole), (13, IssueCodes.InvalidWeight),
            (15, IssueCodes.EmptyMessages),
        ];
        Assert.Equal(expected, file.Errors.Select(e => (e.Line, e.Code)));
        Assert.Equal(14, file.Lines);
        Assert.Equal(1, Assert.Single(file.Examples).Line);
        Assert.Contains(file.Warnings, w => w.Line == 4 && w.Code == IssueCodes.UnknownKey);
    }

    [Fact]
    public void Weights_names_and_tool_calls_are_kept()
    {
        var line = """{"messages": [{"role": "user", "content": "x", "name": "ann"}, {"role": "assistant", "content": "draft", "weight": 0}, {"role": "assistant", "content": null, "tool_calls": [{"id": "c1", "type": "function", "function": {"name": "f", "arguments": "{}"}}]}, {"role": "tool", "tool_call_id": "c1", "content": "42"}, {"role": "assistant", "content": "It is 42."}]}""";
        var file = Jsonl.Parse(line);
        Assert.Empty(file.Errors);
        var m = file.Examples[0].Messages;
        Assert.Equal("ann", m[0].Name);
        Assert.False(m[1].IsTrained);
        Assert.NotNull(m[2].ToolCalls);
        Assert.Equal("c1", m[3].ToolCallId);
        Assert.True(m[4].IsTrained);
    }

    [Fact]
    public void ShareGpt_and_alpaca_errors_use_the_same_codes()
    {
        var share = Jsonl.Parse("""{"conversations": [{"from": "alien", "value": "x"}, {"from": "gpt", "value": "y"}]}""" + "\n" + """{"conversations": [{"from": "human"}, {"from": "gpt", "value": "y"}]}""");
        Assert.Equal([(1, IssueCodes.UnknownRole), (2, IssueCodes.MissingContent)], share.Errors.Select(e => (e.Line, e.Code)));
        var alpaca = Jsonl.Parse("""{"instruction": "x", "output": 3}""" + "\n" + """{"instruction": "x", "output": ""}""", DatasetFormat.Alpaca);
        Assert.Equal([(1, IssueCodes.WrongType), (2, IssueCodes.EmptyContent)], alpaca.Errors.Select(e => (e.Line, e.Code)));
    }

    [Fact]
    public void An_empty_file_is_an_error()
    {
        var file = Jsonl.Parse("\n\n");
        Assert.Equal(IssueCodes.EmptyFile, Assert.Single(file.Errors).Code);
    }
}
