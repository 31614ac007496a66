namespace Tailor.Ingestion;

/// <summary>
/// Expands the paths given to an ingest into files: a file is its own root; a folder is walked
/// recursively (hidden entries skipped), filtered by the include/exclude globs and by the supported
/// extensions. Unreadable or missing paths become failures, never exceptions.
/// </summary>
public sealed class SourceEnumerator
{
    private readonly IReadOnlyList<Glob> _include;
    private readonly IReadOnlyList<Glob> _exclude;
    private readonly Func<string, bool> _isSupported;
    private readonly string? _skipDirectory;

    /// <param name="isSupported">True for a file extension (".md") that an extractor handles.</param>
    /// <param name="skipDirectory">A folder never to descend into (the knowledge base itself).</param>
    public SourceEnumerator(IngestOptions options, Func<string, bool> isSupported, string? skipDirectory = null)
    {
        _include = options.Include.Select(p => new Glob(p)).ToList();
        _exclude = options.Exclude.Select(p => new Glob(p)).ToList();
        _isSupported = isSupported;
        _skipDirectory = skipDirectory is null ? null : Path.TrimEndingDirectorySeparator(Path.GetFullPath(skipDirectory));
    }

    /// <summary>Files to ingest, in a stable order, plus failures for paths that could not be read.</summary>
    public (List<SourceFile> Files, List<IngestFailure> Failures, List<string> Roots) Enumerate(IEnumerable<string> paths)
    {
        var files = new List<SourceFile>();
        var failures = new List<IngestFailure>();
        var roots = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var raw in paths)
        {
            if (string.IsNullOrWhiteSpace(raw)) continue;
            var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(raw));
            if (File.Exists(full))
            {
                var root = Path.GetDirectoryName(full)!;
                roots.Add(full);
                var name = Path.GetFileName(full);
                if (!_isSupported(Path.GetExtension(full).ToLowerInvariant()))
                {
                    failures.Add(new IngestFailure(full, $"unsupported file type '{Path.GetExtension(full)}'; supported: .md, .markdown, .txt, .html, .htm, .jsonl, .pdf, .docx, .xlsx, .pptx, .csv, .tsv. Convert the file to one of these or exclude it."));
                    continue;
                }
                if (seen.Add(full)) files.Add(new SourceFile(full, root, name));
            }
            else if (Directory.Exists(full))
            {
                roots.Add(full);
                Walk(full, full, files, failures, seen);
            }
            else
            {
                failures.Add(new IngestFailure(raw, "no such file or folder; check the path."));
            }
        }
        return (files, failures, roots);
    }

    private void Walk(string root, string dir, List<SourceFile> files, List<IngestFailure> failures, HashSet<string> seen)
    {
        string[] entries;
        try
        {
            entries = Directory.GetFileSystemEntries(dir);
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
        {
            failures.Add(new IngestFailure(dir, $"cannot read folder ({ex.Message}); check its permissions or exclude it."));
            return;
        }
        Array.Sort(entries, StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            var name = Path.GetFileName(entry);
            if (name.StartsWith('.')) continue;
            FileAttributes attributes;
            try { attributes = File.GetAttributes(entry); }
            catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
            {
                failures.Add(new IngestFailure(entry, $"cannot read ({ex.Message}); check its permissions or exclude it."));
                continue;
            }
            var relative = Path.GetRelativePath(root, entry).Replace('\\', '/');
            if ((attributes & FileAttributes.Directory) != 0)
            {
                if (_skipDirectory != null && string.Equals(Path.TrimEndingDirectorySeparator(entry), _skipDirectory, StringComparison.Ordinal)) continue;
                if ((attributes & FileAttributes.ReparsePoint) != 0) continue; // do not follow folder links (cycles)
                if (_exclude.Any(g => g.IsMatch(relative) || g.IsMatch(relative + "/"))) continue;
                Walk(root, entry, files, failures, seen);
                continue;
            }
            if (_exclude.Any(g => g.IsMatch(relative))) continue;
            if (_include.Count > 0 ? !_include.Any(g => g.IsMatch(relative)) : !_isSupported(Path.GetExtension(entry).ToLowerInvariant())) continue;
            if (_include.Count > 0 && !_isSupported(Path.GetExtension(entry).ToLowerInvariant()))
            {
                failures.Add(new IngestFailure(entry, $"unsupported file type '{Path.GetExtension(entry)}'; narrow --include or convert the file."));
                continue;
            }
            if (seen.Add(entry)) files.Add(new SourceFile(entry, root, relative));
        }
    }
}
