using System.Text.Json;
using System.Text.Json.Nodes;
using Tailor.Chat;
using Tailor.FineTuning.Splitting;

namespace Tailor.FineTuning.Generation;

/// <summary>
/// Writes question–answer pairs from chunks with a chat model: the model is asked for JSON lines
/// <c>{"question", "answer"}</c> answerable from the chunk alone; replies are parsed leniently (code
/// fences, arrays), answers whose words mostly do not occur in the chunk are dropped as ungrounded,
/// repeated questions are dropped, and each kept pair carries its source (document id, link).
/// </summary>
public sealed class QaGenerator(IChatModel model)
{
    public const string Instructions =
        "You write training data for fine-tuning a model on a knowledge base. From the passage the user gives, " +
        "write {0} question-answer pairs. Each question must be answerable from the passage alone and make sense " +
        "without it (name the subject; never say \"the passage\"). Each answer must state only what the passage says, " +
        "in one to three sentences, using its wording. Reply with one JSON object per line, " +
        "{{\"question\": \"...\", \"answer\": \"...\"}}, and nothing else.";

    public async Task<QaGenerationResult> GenerateAsync(IReadOnlyList<SourceChunk> chunks, QaGenerationOptions options, Action<int, int>? progress = null, CancellationToken cancellationToken = default)
    {
        options.Validate();
        var pairs = new List<GeneratedPair>();
        var questions = new HashSet<string>(StringComparer.Ordinal);
        int ungrounded = 0, unparsed = 0, duplicates = 0, done = 0;
        var system = ChatMessage.System(string.Format(System.Globalization.CultureInfo.InvariantCulture, Instructions, options.PerChunk));
        foreach (var chunk in chunks)
        {
            var user = ChatMessage.User($"Document: {chunk.Title}{(chunk.Section.Length > 0 ? " — " + chunk.Section : "")}\n\nPassage:\n{chunk.Text}");
            var reply = await model.CompleteAsync([system, user], new ChatRequestOptions { Temperature = 0.3f }, cancellationToken).ConfigureAwait(false);
            int kept = 0;
            foreach (var (question, answer) in Parse(reply.Text, ref unparsed))
            {
                if (kept == options.PerChunk) break;
                double grounding = Grounding(answer, chunk.Text);
                if (grounding < options.MinGrounding) { ungrounded++; continue; }
                if (!questions.Add(ExampleKeys.NormalizeText(question))) { duplicates++; continue; }
                pairs.Add(new GeneratedPair(question, answer, chunk, Math.Round(grounding, 3)));
                kept++;
            }
            progress?.Invoke(++done, chunks.Count);
        }
        return new QaGenerationResult(pairs, chunks.Count, ungrounded, unparsed, duplicates, model.ModelId);
    }

    /// <summary>The chat example for a pair, its source under "metadata" (left out of uploads by submit).</summary>
    public static JsonObject ToExample(GeneratedPair pair, string? systemMessage)
    {
        var messages = new JsonArray();
        if (!string.IsNullOrWhiteSpace(systemMessage)) messages.Add(new JsonObject { ["role"] = "system", ["content"] = systemMessage });
        messages.Add(new JsonObject { ["role"] = "user", ["content"] = pair.Question });
        messages.Add(new JsonObject { ["role"] = "assistant", ["content"] = pair.Answer });
        return new JsonObject
        {
            ["messages"] = messages,
            ["metadata"] = new JsonObject
            {
                ["document_id"] = pair.Source.DocumentId, ["link"] = pair.Source.Link, ["chunk_id"] = pair.Source.ChunkId,
                ["title"] = pair.Source.Title, ["grounding"] = pair.Grounding,
            },
        };
    }

    /// <summary>Question–answer objects found in a reply: JSON lines, a JSON array, or either inside a code fence.</summary>
    internal static List<(string Question, string Answer)> Parse(string reply, ref int unparsed)
    {
        var found = new List<(string, string)>();
        var text = reply.Replace("```json", "", StringComparison.OrdinalIgnoreCase).Replace("```", "").Trim();
        var candidates = new List<JsonNode?>();
        if (text.StartsWith('['))
        {
            try { candidates.AddRange(JsonNode.Parse(text)!.AsArray()); }
            catch (JsonException) { unparsed++; }
        }
        else
        {
            foreach (var line in text.Split('\n'))
            {
                var l = line.Trim().TrimEnd(',');
                if (l.Length == 0) continue;
                if (!l.StartsWith('{')) { unparsed++; continue; }
                try { candidates.Add(JsonNode.Parse(l)); }
                catch (JsonException) { unparsed++; }
            }
        }
        foreach (var node in candidates)
        {
            if (node is JsonObject o && o["question"] is JsonValue q && o["answer"] is JsonValue a
                && q.TryGetValue<string>(out var qs) && a.TryGetValue<string>(out var aws)
                && !string.IsNullOrWhiteSpace(qs) && !string.IsNullOrWhiteSpace(aws))
                found.Add((qs.Trim(), aws.Trim()));
            else unparsed++;
        }
        return found;
    }

    /// <summary>Share of the answer's words (of three or more letters) that occur in the chunk, after normalization.</summary>
    public static double Grounding(string answer, string chunk)
    {
        var words = ExampleKeys.NormalizeText(answer).Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => w.Length >= 3).ToList();
        if (words.Count == 0) return 1;
        var source = new HashSet<string>(ExampleKeys.NormalizeText(chunk).Split(' ', StringSplitOptions.RemoveEmptyEntries), StringComparer.Ordinal);
        return (double)words.Count(source.Contains) / words.Count;
    }
}
