using System.Diagnostics;
using System.Threading.Channels;
using Tailor.Lexical;
using Tailor.Storage;

namespace Tailor.Ingestion;

/// <summary>
/// Ingestion as typed stages: files → (parallel, bounded) prepare → (single) writer, which takes the
/// prepared files in the order they were fed, so a run is reproducible. The writer commits batches in transactions and only then updates the lexical index and reports the
/// documents as complete, so whatever was reported survives a crash.
/// </summary>
internal sealed class IngestPipeline
{
    private const int MaxBatchDocuments = 256;
    private const int MaxBatchChunks = 4096;

    private readonly IDocumentStore _store;
    private readonly LexicalIndex _index;
    private readonly ReaderWriterLockSlim _indexLock;
    private readonly Func<IReadOnlyDictionary<string, (string Hash, string Root, string Source)>, DocumentPreparer> _preparerFactory;

    public IngestPipeline(IDocumentStore store, LexicalIndex index, ReaderWriterLockSlim indexLock,
        Func<IReadOnlyDictionary<string, (string Hash, string Root, string Source)>, DocumentPreparer> preparerFactory)
    {
        _store = store;
        _index = index;
        _indexLock = indexLock;
        _preparerFactory = preparerFactory;
    }

    public async Task<IngestResult> RunAsync(List<SourceFile> files, List<IngestFailure> enumerationFailures, List<string> roots,
        IngestOptions options, IProgress<IngestProgress>? progress, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var existing = _store.DocumentHashes();
        var preparer = _preparerFactory(existing);
        var failures = new List<IngestFailure>(enumerationFailures);
        foreach (var f in enumerationFailures) progress?.Report(new IngestProgress(files.Count, 0, 0, failures.Count, 0, [], f));

        int workers = options.Workers > 0 ? options.Workers : Math.Max(1, Environment.ProcessorCount);
        // Items are numbered as they are fed and written in that order, whichever worker finishes first, so
        // a run is reproducible (chunk ids, which of two repeated records is kept). At most `inFlight` items are
        // between the feeder and the writer, which bounds the memory held by items finished out of order.
        int inFlight = workers * 4;
        var window = new SemaphoreSlim(inFlight, inFlight);
        var input = Channel.CreateBounded<(int Sequence, SourceFile File)>(new BoundedChannelOptions(inFlight) { SingleWriter = true });
        var prepared = Channel.CreateBounded<(int Sequence, PreparedFile Item)>(new BoundedChannelOptions(inFlight) { SingleReader = true });

        var feeder = Task.Run(async () =>
        {
            try
            {
                // A large JSONL file goes out as parts of whole lines, prepared in parallel (the file is never read whole).
                int sequence = 0;
                foreach (var file in files)
                    foreach (var item in JsonlSplitter.Split(file, options.JsonlPartBytes))
                    {
                        await window.WaitAsync(ct).ConfigureAwait(false);
                        await input.Writer.WriteAsync((sequence++, item), ct).ConfigureAwait(false);
                    }
            }
            finally { input.Writer.Complete(); }
        }, ct);

        var workerTasks = Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
        {
            await foreach (var (sequence, file) in input.Reader.ReadAllAsync(ct).ConfigureAwait(false))
                await prepared.Writer.WriteAsync((sequence, preparer.Prepare(file)), ct).ConfigureAwait(false);
        }, ct)).ToArray();
        var closer = Task.WhenAll(workerTasks).ContinueWith(t => prepared.Writer.Complete(t.Exception), TaskScheduler.Default);

        int added = 0, updated = 0, unchanged = 0, skippedEmpty = 0, chunkCount = 0, filesDone = 0, committedDocs = 0;
        long bytes = 0;
        var seenIds = new HashSet<string>(StringComparer.Ordinal);
        var batch = new List<PreparedDocument>();
        var sensitive = new List<SensitiveFinding>();
        var headerless = new List<HeaderlessTable>();
        var batchIds = new HashSet<string>(StringComparer.Ordinal);
        var partIds = new HashSet<(string File, string Id)>();
        int batchChunks = 0;

        void Flush()
        {
            if (batch.Count == 0) return;
            var outcomes = _store.Write(batch.Select(d => new DocumentWrite(d.Document, d.Chunks)).ToList());
            _indexLock.EnterWriteLock();
            try
            {
                for (int i = 0; i < outcomes.Count; i++)
                {
                    var outcome = outcomes[i];
                    foreach (var removed in outcome.RemovedChunkIds) _index.Remove(removed);
                    var terms = batch[i].Terms;
                    for (int c = 0; c < outcome.NewChunkIds.Length; c++) _index.Add(outcome.NewChunkIds[c], terms[c]);
                    if (batch[i].Existed) updated++; else added++;
                    chunkCount += outcome.NewChunkIds.Length;
                }
            }
            finally
            {
                _indexLock.ExitWriteLock();
            }
            committedDocs += batch.Count;
            var ids = batch.Select(d => d.Document.Id).ToList();
            foreach (var d in batch) sensitive.AddRange(d.Sensitive);
            foreach (var d in batch) if (d.Headerless is { } table) headerless.Add(table);
            batch.Clear();
            batchIds.Clear();
            batchChunks = 0;
            progress?.Report(new IngestProgress(files.Count, filesDone, committedDocs, failures.Count, bytes, ids));
        }

        var finished = new Dictionary<int, PreparedFile>();
        int next = 0;
        while (await prepared.Reader.WaitToReadAsync(ct).ConfigureAwait(false))
        {
            while (prepared.Reader.TryRead(out var done))
            {
                finished.Add(done.Sequence, done.Item);
                while (finished.Remove(next, out var item))
                {
                    next++;
                    window.Release();
                    Write(item);
                }
            }
            Flush();
        }
        await closer.ConfigureAwait(false);
        await feeder.ConfigureAwait(false);
        Flush();

        void Write(PreparedFile item)
        {
            if (item.File.Part is null or { Last: true }) filesDone++;
            bytes += item.Bytes;
            unchanged += item.Unchanged;
            if (item.Empty) skippedEmpty++;
            foreach (var id in item.SeenIds) seenIds.Add(id);
            if (item.Failures.Count > 0)
            {
                foreach (var (id, info) in existing)
                    if (info.Source == item.File.FullPath) seenIds.Add(id);
            }
            foreach (var failure in item.Failures)
            {
                failures.Add(failure);
                progress?.Report(new IngestProgress(files.Count, filesDone, committedDocs, failures.Count, bytes, [], failure));
            }
            HashSet<string>? repeatedIds = null;
            if (item.File.Part is { } part && !item.KeptOnFailure)
            {
                // Within one part the extractor reports a repeated id with its lines; across parts it is caught here,
                // over every id of the part (unchanged records too), so the first record keeps the id on every run.
                foreach (var id in item.SeenIds)
                {
                    if (partIds.Add((item.File.FullPath, id))) continue;
                    (repeatedIds ??= new HashSet<string>(StringComparer.Ordinal)).Add(id);
                    var repeated = new IngestFailure(item.File.FullPath, $"duplicate id \"{id}\" (again in the lines from {part.FirstLine} on); the first record with this id is kept. Fix or remove the repeated line.");
                    failures.Add(repeated);
                    progress?.Report(new IngestProgress(files.Count, filesDone, committedDocs, failures.Count, bytes, [], repeated));
                }
                if (repeatedIds is not null)
                    unchanged -= repeatedIds.Count(id => !item.Documents.Any(d => d.Document.Id == id)); // counted unchanged by the preparer
            }
            foreach (var doc in item.Documents)
            {
                if (repeatedIds?.Contains(doc.Document.Id) == true) continue;
                if (!batchIds.Add(doc.Document.Id))
                {
                    Flush(); // the same id twice in one batch (duplicate record): keep the last, in order
                    batchIds.Add(doc.Document.Id);
                }
                batch.Add(doc);
                batchChunks += doc.Chunks.Count;
                if (batch.Count >= MaxBatchDocuments || batchChunks >= MaxBatchChunks) Flush();
            }
        }

        int removedCount = 0;
        if (options.Sync)
        {
            var rootSet = new HashSet<string>(roots, StringComparer.Ordinal);
            var gone = existing
                .Where(e => !seenIds.Contains(e.Key) && (rootSet.Contains(e.Value.Root) || rootSet.Contains(e.Value.Source)))
                .Select(e => e.Key).ToList();
            if (gone.Count > 0)
            {
                var removedChunks = _store.Delete(gone);
                _indexLock.EnterWriteLock();
                try { foreach (var chunkId in removedChunks) _index.Remove(chunkId); }
                finally { _indexLock.ExitWriteLock(); }
                removedCount = gone.Count;
            }
        }

        return new IngestResult
        {
            Added = added,
            Updated = updated,
            Unchanged = unchanged,
            SkippedEmpty = skippedEmpty,
            Removed = removedCount,
            Failed = failures.Count,
            Chunks = chunkCount,
            Documents = added + updated + unchanged,
            Bytes = bytes,
            Seconds = clock.Elapsed.TotalSeconds,
            Failures = failures,
            Sensitive = sensitive,
            Headerless = headerless,
        };
    }
}
