using System.Security.Cryptography;
using System.Text;
using Tailor.Chat;
using Tailor.FineTuning.Datasets;
using Tailor.FineTuning.Splitting;

namespace Tailor.FineTuning.ModelEvaluation;

/// <summary>
/// Turns dataset examples (any of the four formats) into test items and few-shot examples: the last
/// assistant message is the reference (or the example's output), what comes before it the prompt.
/// Tool messages and tool calls are left out of prompts.
/// </summary>
public static class TestSet
{
    /// <summary>Test items of <paramref name="dataset"/>; examples without an assistant message are refused by line.</summary>
    public static IReadOnlyList<TestItem> Items(DatasetFile dataset)
    {
        dataset.ThrowIfErrors("evaluated");
        var items = new List<TestItem>(dataset.Examples.Count);
        foreach (var example in dataset.Examples)
        {
            int last = LastAssistant(example);
            if (last < 0) throw new TailorException($"{dataset.Path}: line {example.Line}: the example has no assistant message, so there is no reference answer to score against; add one or remove the line.");
            var prompt = example.Messages.Take(last).Select(Convert).OfType<ChatMessage>().ToList();
            if (!prompt.Any(m => m.Role == ChatRole.User))
                throw new TailorException($"{dataset.Path}: line {example.Line}: no user message comes before the reference answer; the model would be asked nothing.");
            items.Add(new TestItem(example.Line, Key(example, last), prompt, example.Messages[last].Content));
        }
        if (items.Count == 0) throw new TailorException($"{dataset.Path}: no test examples; the file needs at least one example with a reference answer.");
        return items;
    }

    /// <summary>Few-shot examples of <paramref name="dataset"/>: the last user message before the last assistant message, and that message; ids "line N".</summary>
    public static IReadOnlyList<(int Line, string Input, string Output)> Examples(DatasetFile dataset)
    {
        dataset.ThrowIfErrors("used as few-shot examples");
        var list = new List<(int, string, string)>();
        foreach (var example in dataset.Examples)
        {
            int last = LastAssistant(example);
            if (last < 0) continue;
            var input = example.Messages.Take(last).LastOrDefault(m => m.Role == "user")?.Content;
            if (string.IsNullOrWhiteSpace(input) || string.IsNullOrWhiteSpace(example.Messages[last].Content)) continue;
            list.Add((example.Line, input, example.Messages[last].Content));
        }
        if (list.Count == 0) throw new TailorException($"{dataset.Path}: no usable few-shot examples (each needs a user message and an assistant answer).");
        return list;
    }

    /// <summary>Test items whose question, normalized as <c>finetune split</c> does, is also an example's input.</summary>
    public static IReadOnlyList<LeakedItem> Leaks(IReadOnlyList<TestItem> items, IReadOnlyList<(int Line, string Input, string Output)> examples)
    {
        var byInput = new Dictionary<string, (int Line, string Output)>(StringComparer.Ordinal);
        foreach (var e in examples) byInput.TryAdd(ExampleKeys.NormalizeText(e.Input), (e.Line, ExampleKeys.NormalizeText(e.Output)));
        var leaks = new List<LeakedItem>();
        foreach (var item in items)
        {
            if (byInput.TryGetValue(ExampleKeys.NormalizeText(item.Question), out var hit))
                leaks.Add(new LeakedItem(item.Line, hit.Line, hit.Output == ExampleKeys.NormalizeText(item.Reference)));
        }
        return leaks;
    }

    private static int LastAssistant(TrainingExample example)
    {
        for (int i = example.Messages.Count - 1; i >= 0; i--)
            if (example.Messages[i].Role == "assistant" && example.Messages[i].ToolCalls is null) return i;
        return -1;
    }

    private static ChatMessage? Convert(ExampleMessage m) => m.Role switch
    {
        "system" or "developer" => ChatMessage.System(m.Content),
        "user" => ChatMessage.User(m.Content),
        "assistant" when m.ToolCalls is null => ChatMessage.Assistant(m.Content),
        _ => null,
    };

    private static string Key(TrainingExample example, int last)
    {
        var text = new StringBuilder();
        for (int i = 0; i <= last; i++) text.Append(example.Messages[i].Role).Append('\u0001').Append(example.Messages[i].Content).Append('\u0002');
        return System.Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..32];
    }
}
