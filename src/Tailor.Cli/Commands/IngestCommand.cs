using System.CommandLine;
using Spectre.Console;
using Tailor.Ingestion;

namespace Tailor.Cli.Commands;

internal static class IngestCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("PATH") { Description = "Files, folders or http(s) URLs to ingest (.md, .txt, .html, .jsonl, .pdf, .docx, .xlsx, .pptx, .csv, .tsv; a sitemap URL brings its pages); folders are walked recursively.", Arity = ArgumentArity.OneOrMore };
        var kb = CliOptions.KnowledgeBase();
        var json = CliOptions.Json();
        var sync = new Option<bool>("--sync") { Description = "Remove documents under the given folders whose files are gone." };
        var include = new Option<string[]>("--include") { Description = "Only files matching these globs (e.g. \"*.md\", \"docs/**\").", AllowMultipleArgumentsPerToken = true };
        var exclude = new Option<string[]>("--exclude") { Description = "Skip files matching these globs.", AllowMultipleArgumentsPerToken = true };
        var maxFileMb = new Option<int?>("--max-file-mb") { Description = "Refuse files larger than this many MB (default: the knowledge base's setting, 64); JSONL files of any size are read in parts instead." };
        var maxTokens = new Option<int?>("--chunk-tokens") { Description = "Chunk size in tokens for a NEW knowledge base (default 400); an existing one keeps its setting." };
        var command = new Command("ingest", "Extract, clean, chunk and index documents into the knowledge base. Unchanged files are skipped, changed ones replaced.")
        {
            paths, kb, json, sync, include, exclude, maxFileMb, maxTokens,
        };
        var tags = new Option<string[]>("--tag") { Description = "Tag every document written by this run (repeatable); search with --tag.", Arity = ArgumentArity.ZeroOrMore };
        var force = new Option<bool>("--force") { Description = "Create the knowledge base even in a folder that is not empty (by default only a new or empty folder, or an existing knowledge base, is accepted)." };
        command.Add(tags);
        var acl = new Option<string?>("--acl") { Description = "Access groups of every document written by this run, comma-separated: server keys with groups see only documents without groups or sharing one." };
        command.Add(acl);
        command.Add(force);
        var embedder = new Option<string?>("--embedder") { Description = $"Embedder of a NEW knowledge base: {EmbedderHost.Choices}. An existing one keeps its own (switch with `tailor reembed --embedder`)." };
        command.Add(embedder);
        var database = new Option<string?>("--database") { Description = "A NEW knowledge base keeps its data in this PostgreSQL database (postgresql://user:pass@host:port/db or Npgsql keywords; default: TAILOR_DATABASE_URL, else SQLite in the folder). Recorded in tailor.json without the password." };
        command.Add(database);
        var redact = new Option<string?>("--redact") { Description = "Mask sensitive data before chunking: all, or a comma-separated list of email, phone, card, iban, ssn, ip, secret (on top of cleaning.redact in tailor.json). Found data is reported either way." };
        command.Add(redact);
        var allowPrivate = new Option<bool>("--allow-private") { Description = "Fetch URLs whose host is a loopback, private or link-local address (refused by default, after DNS resolution and on every redirect)." };
        command.Add(allowPrivate);
        var allowOtherHosts = new Option<bool>("--allow-other-hosts") { Description = "Follow redirects (and sitemap entries) to hosts other than the URL's own." };
        command.Add(allowOtherHosts);
        var watch = new Option<bool>("--watch") { Description = "After ingesting, keep watching the folders and ingest again (with --sync) whenever files change, debounced by half a second; stop with Ctrl+C." };
        command.Add(watch);
        command.SetAction(async (parse, ct) =>
        {
            var wall = System.Diagnostics.Stopwatch.StartNew();
            var dir = CliOptions.ResolveKb(parse.GetValue(kb));
            var options = new KnowledgeBaseOptions { Database = parse.GetValue(database) };
            if (parse.GetValue(maxTokens) is int mt) options = options with { Chunking = options.Chunking.WithMaxTokens(mt) };
            var ingest = new IngestOptions
            {
                Sync = parse.GetValue(sync),
                Include = parse.GetValue(include) ?? [],
                Exclude = parse.GetValue(exclude) ?? [],
                MaxFileBytes = parse.GetValue(maxFileMb) is int mb ? mb * 1024L * 1024L : null,
                Tags = [.. parse.GetValue(tags) ?? [], .. Documents.AccessGroups.Tags((parse.GetValue(acl) ?? "").Split(','))],
                Redact = Tailor.Cleaning.SensitiveDataDetector.ParseKinds(parse.GetValue(redact)),
                Web = new Tailor.Web.WebFetchOptions { AllowPrivate = parse.GetValue(allowPrivate), AllowOtherHosts = parse.GetValue(allowOtherHosts) },
            };
            bool asJson = parse.GetValue(json);
            var inputs = parse.GetValue(paths)!;
            KnowledgeBaseFolder.EnsureCanHold(dir, parse.GetValue(force));
            KnowledgeBaseFolder.EnsureSomethingToIngest(dir, inputs, ingest);
            bool created = !KnowledgeBase.Exists(dir), folderCreated = !Directory.Exists(dir);
            var requested = parse.GetValue(embedder);
            var chosen = EmbedderHost.ForIngest(dir, requested);
            using var kbase = KnowledgeBase.Open(dir, options, chosen);
            if (requested is not null && kbase.Options.Embedder is { } recorded && !recorded.Matches(chosen))
                throw new TailorException($"{kbase.Directory}: this knowledge base is embedded with {recorded.Describe()}; --embedder chooses the embedder of a new knowledge base. Run `tailor reembed --embedder {requested}` to switch this one.");
            double openSeconds = wall.Elapsed.TotalSeconds;
            IngestResult result;
            if (!asJson && CliTerminal.IsInteractive)
            {
                result = await RunWithProgressBar(kbase, inputs, ingest, ct);
            }
            else
            {
                var progress = new SyncProgress<IngestProgress>(p =>
                {
                    if (asJson) return;
                    foreach (var id in p.Committed) Console.Out.WriteLine($"ok {id}");
                    if (p.Failure is { } f) Console.Out.WriteLine($"failed {f.Source}: {f.Error}");
                    Console.Out.Flush();
                });
                if (!asJson) ingest = ingest with { EmbeddingProgress = new SyncProgress<Tailor.Embedding.EmbeddingProgress>(e => Console.Out.WriteLine($"embedded {e.Done}/{e.Total} chunks ({e.CacheHits} from the cache)")) };
                result = await kbase.IngestAsync(inputs, ingest, progress, ct);
            }
            double seconds = wall.Elapsed.TotalSeconds;
            Report(kbase, result, asJson, seconds, openSeconds);
            if (created && !parse.GetValue(watch) && result.Added == 0 && result.Updated == 0)
            {
                // only pages were given and none could be fetched: leave no empty knowledge base behind, as for files
                kbase.Dispose();
                KnowledgeBaseFolder.Remove(dir, folderCreated);
                if (!asJson) Console.Error.WriteLine($"nothing was ingested; no knowledge base was created at {dir}.");
                return result.Failed > 0 ? ExitCodes.PartialFailure : ExitCodes.Ok;
            }
            if (parse.GetValue(watch))
            {
                if (!asJson) Console.Out.WriteLine($"watching {string.Join(", ", inputs)} for changes; stop with Ctrl+C");
                Console.Out.Flush();
                var round = System.Diagnostics.Stopwatch.StartNew();
                await kbase.WatchAsync(inputs, ingest with { EmbeddingProgress = null }, TimeSpan.FromMilliseconds(500), r =>
                {
                    Report(kbase, r, asJson, round.Elapsed.TotalSeconds, 0);
                    Console.Out.Flush();
                    round.Restart();
                }, ct);
                return ExitCodes.Ok;
            }
            return result.Failed > 0 ? ExitCodes.PartialFailure : ExitCodes.Ok;
        });
        return command;
    }

    private static void Report(KnowledgeBase kbase, IngestResult result, bool asJson, double seconds, double openSeconds)
    {
        if (asJson)
        {
            CliJson.Write(new
            {
                kb = kbase.Directory,
                added = result.Added,
                updated = result.Updated,
                unchanged = result.Unchanged,
                removed = result.Removed,
                failed = result.Failed,
                skipped_empty = result.SkippedEmpty,
                chunks = result.Chunks,
                documents = result.Documents,
                bytes = result.Bytes,
                seconds = Math.Round(seconds, 3),
                stages = new
                {
                    open = Math.Round(openSeconds, 3),
                    documents = Math.Round(result.Seconds, 3),
                    lexical_index = Math.Round(result.IndexSeconds, 3),
                    embedding = Math.Round(result.EmbeddingSeconds, 3),
                },
                token_counter = kbase.TokenCounter.Name,
                failures = result.Failures.Select(f => new { source = f.Source, error = f.Error }),
                sensitive = result.Sensitive.Select(s => new { document = s.DocumentId, kind = s.Kind.ToString().ToLowerInvariant(), count = s.Count, redacted = s.Redacted }),
                no_header = result.Headerless.Select(h => new { document = h.DocumentId, source = h.Source, columns = h.Columns }),
            });
        }
        else
        {
            if (CliTerminal.IsInteractive)
                foreach (var f in result.Failures) AnsiConsole.MarkupLineInterpolated($"[red]failed[/] {f.Source}: {f.Error}");
            foreach (var byDocument in result.Sensitive.GroupBy(s => s.DocumentId))
            {
                var kinds = string.Join(", ", byDocument.Select(s => $"{s.Count} {s.Kind.ToString().ToLowerInvariant()}{(s.Redacted ? " (redacted)" : "")}"));
                Console.Out.WriteLine($"sensitive {byDocument.Key}: {kinds}");
            }
            foreach (var h in result.Headerless)
                Console.Out.WriteLine($"no header row: {h.Source} (its first row is data; columns named column 1 to column {h.Columns})");
            if (result.Sensitive.Any(s => !s.Redacted))
                Console.Out.WriteLine("sensitive data was found and indexed as is; re-ingest with --redact all (or set cleaning.redact in tailor.json) to mask it");
            var rate = seconds > 0 ? (result.Added + result.Updated) / seconds : 0;
            var empty = result.SkippedEmpty > 0 ? $", {result.SkippedEmpty} empty skipped" : "";
            Console.Out.WriteLine($"{result.Added} added, {result.Updated} updated, {result.Unchanged} unchanged, {result.Removed} removed, {result.Failed} failed{empty}; {result.Chunks} chunks in {seconds:F1}s ({rate:F0} documents/s) → {kbase.Directory}");
        }
    }

    private static async Task<IngestResult> RunWithProgressBar(KnowledgeBase kbase, string[] inputs, IngestOptions ingest, CancellationToken ct)
    {
        IngestResult? result = null;
        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async ctx =>
            {
                var task = ctx.AddTask("Ingesting", maxValue: 1);
                var clock = System.Diagnostics.Stopwatch.StartNew();
                var progress = new SyncProgress<IngestProgress>(p =>
                {
                    task.MaxValue = Math.Max(1, p.FilesTotal);
                    task.Value = p.FilesDone;
                    var rate = clock.Elapsed.TotalSeconds > 0 ? p.DocumentsCommitted / clock.Elapsed.TotalSeconds : 0;
                    task.Description = $"Ingesting: {p.DocumentsCommitted} documents, {rate:F0}/s, {p.Failed} failed";
                });
                var embedding = new SyncProgress<Tailor.Embedding.EmbeddingProgress>(e =>
                {
                    task.MaxValue = Math.Max(1, e.Total);
                    task.Value = e.Done;
                    task.Description = $"Embedding: {e.Done}/{e.Total} chunks, {e.CacheHits} from the cache";
                });
                result = await kbase.IngestAsync(inputs, ingest with { EmbeddingProgress = embedding }, progress, ct);
                task.Value = task.MaxValue;
            });
        return result!;
    }
}
