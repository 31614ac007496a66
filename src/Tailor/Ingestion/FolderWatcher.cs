namespace Tailor.Ingestion;

/// <summary>
/// Waits for changes under the folders (and files) given to an ingest: any file created, changed,
/// renamed or deleted, then quiet for the debounce time, so a burst of saves becomes one re-ingest.
/// Changes inside the knowledge base's own folder are ignored.
/// </summary>
public sealed class FolderWatcher : IDisposable
{
    private readonly List<FileSystemWatcher> _watchers = [];
    private readonly string? _ignore;
    private readonly TimeSpan _debounce;
    private readonly object _gate = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _lastChangeTicks;

    public FolderWatcher(IEnumerable<string> paths, TimeSpan debounce, string? ignoreDirectory = null)
    {
        _debounce = debounce;
        _ignore = ignoreDirectory is null ? null : Path.TrimEndingDirectorySeparator(Path.GetFullPath(ignoreDirectory)) + Path.DirectorySeparatorChar;
        foreach (var raw in paths)
        {
            var full = Path.GetFullPath(raw);
            FileSystemWatcher watcher;
            if (Directory.Exists(full)) watcher = new FileSystemWatcher(full) { IncludeSubdirectories = true };
            else if (File.Exists(full)) watcher = new FileSystemWatcher(Path.GetDirectoryName(full)!, Path.GetFileName(full));
            else throw new TailorException($"{raw}: no such file or folder to watch; check the path.", TailorErrorKind.NotFound);
            watcher.NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size;
            watcher.Created += OnChange;
            watcher.Changed += OnChange;
            watcher.Deleted += OnChange;
            watcher.Renamed += OnChange;
            watcher.Error += (_, _) => Signal(); // an overflowed buffer: something changed, ingest everything again
            watcher.EnableRaisingEvents = true;
            _watchers.Add(watcher);
        }
    }

    private void OnChange(object sender, FileSystemEventArgs e)
    {
        if (_ignore is not null && Path.GetFullPath(e.FullPath).StartsWith(_ignore, StringComparison.Ordinal)) return;
        Signal();
    }

    private void Signal()
    {
        Interlocked.Exchange(ref _lastChangeTicks, Environment.TickCount64);
        lock (_gate) _changed.TrySetResult();
    }

    /// <summary>Returns once something changed and nothing more changed for the debounce time.</summary>
    public async Task WaitForChangeAsync(CancellationToken ct)
    {
        Task changed;
        lock (_gate) changed = _changed.Task;
        await changed.WaitAsync(ct).ConfigureAwait(false);
        while (true)
        {
            long quiet = Environment.TickCount64 - Interlocked.Read(ref _lastChangeTicks);
            if (quiet >= _debounce.TotalMilliseconds) break;
            await Task.Delay(TimeSpan.FromMilliseconds(_debounce.TotalMilliseconds - quiet), ct).ConfigureAwait(false);
        }
        lock (_gate) _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public void Dispose()
    {
        foreach (var watcher in _watchers) watcher.Dispose();
    }
}
