using System.CommandLine;
using Spectre.Console;
using Tailor.Embedding;

namespace Tailor.Cli.Commands;

internal static class ReembedCommand
{
    public static Command Create()
    {
        var kb = CliOptions.KnowledgeBase();
        var json = CliOptions.Json();
        var model = new Option<string?>("--model") { Description = "Embedding model on the configured server (OPENAI_BASE_URL / OPENAI_API_KEY), e.g. text-embedding-3-small or nomic-embed-text. Default: TAILOR_EMBEDDING_MODEL." };
        var builtin = new Option<bool>("--builtin") { Description = "Switch to the built-in embedder (trained on the knowledge base's own text, offline)." };
        var dimensions = new Option<int?>("--dimensions") { Description = "Shorter vectors from models that support it (text-embedding-3-*)." };
        var reduce = new Option<int?>("--reduce") { Description = "Reduce the server model's vectors to this many dimensions by PCA fitted on the documents (both sides are projected)." };
        var embedder = new Option<string?>("--embedder") { Description = $"Switch to this embedder, offline: {EmbedderHost.Choices}." };
        var command = new Command("reembed", "Embed every chunk with another embedder and switch the knowledge base to it. Vectors already paid for come from the embedding cache; the switch is atomic.")
        {
            kb, json, model, builtin, dimensions, reduce, embedder,
        };
        command.SetAction(async (parse, ct) =>
        {
            var name = parse.GetValue(model);
            bool toBuiltin = parse.GetValue(builtin);
            var local = parse.GetValue(embedder);
            if ((toBuiltin ? 1 : 0) + (name != null ? 1 : 0) + (local != null ? 1 : 0) > 1) throw new TailorException("pass one of --model M, --embedder NAME or --builtin.");
            if (local != null && parse.GetValue(dimensions) != null) throw new TailorException("--dimensions applies to server models; a pretrained model has its own size.");
            if (toBuiltin && parse.GetValue(dimensions) != null) throw new TailorException("--dimensions applies to server models; the built-in embedder chooses its own (embedding.dimensions in tailor.json).");
            IEmbedder? target = toBuiltin ? null
                : local != null ? EmbedderHost.Named(local)
                : name != null ? EmbedderHost.ForModel(name, parse.GetValue(dimensions))
                : EmbedderHost.Resolve() ?? throw new TailorException($"say which embedder to switch to: --model M (with OPENAI_BASE_URL or OPENAI_API_KEY set), --embedder NAME ({EmbedderHost.Choices}), or --builtin; TAILOR_EMBEDDING_MODEL is not set.");
            if (target is Tailor.OpenAI.Embedding.OpenAiEmbedder configured && parse.GetValue(dimensions) is int d && name == null) target = EmbedderHost.ForModel(configured.Model, d);
            using var kbase = KnowledgeBase.OpenExisting(CliOptions.ResolveKb(parse.GetValue(kb)), target);
            bool asJson = parse.GetValue(json);
            ReembedResult result;
            if (!asJson && CliTerminal.IsInteractive)
            {
                result = null!;
                await AnsiConsole.Progress()
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                    .StartAsync(async ctx =>
                    {
                        var task = ctx.AddTask("Embedding", maxValue: 1);
                        var progress = new SyncProgress<EmbeddingProgress>(p =>
                        {
                            task.MaxValue = Math.Max(1, p.Total);
                            task.Value = p.Done;
                            task.Description = $"Embedding: {p.Done}/{p.Total} chunks, {p.CacheHits} from the cache";
                        });
                        result = await kbase.ReembedAsync(target, progress, ct, parse.GetValue(reduce));
                        task.Value = task.MaxValue;
                    });
            }
            else
            {
                var progress = new SyncProgress<EmbeddingProgress>(p =>
                {
                    if (asJson) return;
                    Console.Out.WriteLine($"embedded {p.Done}/{p.Total} chunks ({p.CacheHits} from the cache)");
                });
                result = await kbase.ReembedAsync(target, progress, ct, parse.GetValue(reduce));
            }
            if (asJson)
            {
                CliJson.Write(new
                {
                    kb = kbase.Directory,
                    previous = new { kind = result.Previous.Kind, model = result.Previous.Model, dimensions = result.Previous.Dimensions },
                    embedder = new { kind = result.Current.Kind, model = result.Current.Model, dimensions = result.Current.Dimensions, reduce = result.Current.Reduce },
                    chunks = result.Chunks,
                    cache_hits = result.CacheHits,
                    sent = result.Sent,
                });
            }
            else
            {
                Console.Out.WriteLine($"{kbase.Directory}: switched from {result.Previous.Describe()} to {result.Current.Describe()}; {result.Chunks} chunks embedded ({result.CacheHits} from the cache, {result.Sent} sent to the server).");
            }
            return 0;
        });
        return command;
    }
}
