using System.CommandLine;
using Tailor.FineTuning.Datasets;
using Tailor.FineTuning.Generation;
using Tailor.OpenAI.Chat;
using Tailor.OpenAI.Configuration;

namespace Tailor.Cli.Commands.Finetune;

/// <summary><c>tailor finetune generate --kb DIR --out FILE</c>: question–answer pairs from sampled chunks, written by the configured chat model, each tagged with its source.</summary>
internal static class FinetuneGenerateCommand
{
    public static Command Create()
    {
        var kb = CliOptions.KnowledgeBase();
        var output = new Option<string>("--out") { Description = "Chat JSONL file to write; each example's source is under \"metadata\" (left out of uploads by submit).", Required = true };
        var perChunk = new Option<int>("--per-chunk") { Description = "Question–answer pairs asked per chunk (default 2).", DefaultValueFactory = _ => 2 };
        var chunks = new Option<int>("--chunks") { Description = "How many chunks to sample (seeded) from the knowledge base (default 50).", DefaultValueFactory = _ => 50 };
        var seed = new Option<int>("--seed") { Description = "Seed of the chunk sample (default 42).", DefaultValueFactory = _ => 42 };
        var model = new Option<string?>("--model") { Description = "Chat model to write the pairs (default: $TAILOR_CHAT_MODEL)." };
        var system = new Option<string?>("--system") { Description = "System message to put at the head of every generated example." };
        var grounding = new Option<double>("--min-grounding") { Description = "Least share of an answer's words that must occur in its chunk (default 0.5); others are dropped as ungrounded.", DefaultValueFactory = _ => 0.5 };
        var json = CliOptions.Json();
        var command = new Command("generate", "Generate fine-tuning examples from a knowledge base: the configured chat model writes question–answer pairs from sampled chunks, each grounded in and tagged with its source (document id, link). Needs a chat model (TAILOR_CHAT_MODEL and a server).")
        {
            kb, output, perChunk, chunks, seed, model, system, grounding, json,
        };
        command.SetAction(async (parse, ct) =>
        {
            var options = new QaGenerationOptions
            {
                PerChunk = parse.GetValue(perChunk), MaxChunks = parse.GetValue(chunks), Seed = parse.GetValue(seed),
                MinGrounding = parse.GetValue(grounding), SystemMessage = parse.GetValue(system),
            };
            options.Validate();
            var settings = OpenAiSettings.Resolve();
            if (parse.GetValue(model) is { Length: > 0 } m) settings = settings with { ChatModel = m };
            if (!settings.HasChatModel)
                throw new TailorException("generate needs a chat model to write the questions and answers, and none is configured. Set TAILOR_CHAT_MODEL (or pass --model) and a server: OPENAI_API_KEY for OpenAI, OPENAI_BASE_URL for another OpenAI-compatible server (e.g. http://localhost:11434/v1 for Ollama).");
            using var kbase = KnowledgeBase.OpenExisting(CliOptions.ResolveKb(parse.GetValue(kb)), EmbedderHost.Resolve());
            var sample = ChunkSampler.Sample(kbase, options);
            if (sample.Count == 0)
                throw new TailorException($"{kbase.Directory} holds no chunks of at least {options.MinChunkTokens} tokens to generate from; ingest documents first.");
            bool asJson = parse.GetValue(json);
            var generator = new QaGenerator(new OpenAiChatModel(settings));
            var result = await generator.GenerateAsync(sample, options, (done, total) =>
            {
                if (!asJson) Console.Error.WriteLine($"chunk {done}/{total}");
            }, ct);
            var outPath = Path.GetFullPath(parse.GetValue(output)!);
            JsonlWriter.Write(outPath, result.Pairs.Select(p => QaGenerator.ToExample(p, options.SystemMessage)));
            if (asJson)
            {
                CliJson.Write(new GenerateJson(result.Model, result.ChunksUsed, result.Pairs.Count, result.Ungrounded, result.Unparsed, result.Duplicates, outPath));
                return 0;
            }
            Console.Out.WriteLine($"{result.Pairs.Count} example(s) from {result.ChunksUsed} chunk(s) by {result.Model} → {outPath}");
            Console.Out.WriteLine($"dropped: {result.Ungrounded} ungrounded, {result.Duplicates} repeated, {result.Unparsed} unreadable");
            Console.Out.WriteLine($"next: tailor finetune validate {parse.GetValue(output)} (and read a sample: generated data needs a human look)");
            return 0;
        });
        return command;
    }

    private sealed record GenerateJson(string Model, int Chunks, int Examples, int Ungrounded, int Unparsed, int Duplicates, string Path);
}
