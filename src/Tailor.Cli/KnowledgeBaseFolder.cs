using Tailor.Extraction;
using Tailor.Ingestion;

namespace Tailor.Cli;

/// <summary>The checks made before a command creates a knowledge base, so a refused run creates nothing.</summary>
internal static class KnowledgeBaseFolder
{
    /// <summary>
    /// Throws unless <paramref name="directory"/> holds a knowledge base, does not exist, or is an empty
    /// folder; with <paramref name="force"/> a non-empty folder is accepted too.
    /// </summary>
    public static void EnsureCanHold(string directory, bool force)
    {
        if (KnowledgeBase.Exists(directory)) return;
        if (File.Exists(directory))
            throw new TailorException($"--kb {directory} is a file, not a folder; point --kb at a folder for the knowledge base.");
        if (!force && Directory.Exists(directory) && Directory.EnumerateFileSystemEntries(directory).Any())
            throw new TailorException($"--kb {directory} is a folder that is not empty and holds no knowledge base; point --kb at a knowledge base or at a new or empty folder, or pass --force to create one in it.");
    }

    /// <summary>
    /// For a knowledge base that does not exist yet: throws when <paramref name="paths"/> hold no file to
    /// ingest, naming each bad path, so that nothing is created.
    /// </summary>
    public static void EnsureSomethingToIngest(string directory, IReadOnlyList<string> paths, IngestOptions options)
    {
        if (KnowledgeBase.Exists(directory)) return;
        if (paths.Any(p => Tailor.Web.WebSource.IsUrl(p, out _))) return; // a page is only known once fetched; a failed fetch is reported by the ingest
        var extractors = ExtractorRegistry.CreateDefault();
        var (files, failures, _) = new SourceEnumerator(options, ext => extractors.IsSupported("file" + ext), directory).Enumerate(paths);
        if (files.Count > 0) return;
        var why = failures.Count > 0
            ? string.Join("; ", failures.Select(f => $"{f.Source}: {f.Error}"))
            : $"no supported files ({string.Join(", ", extractors.SupportedExtensions)}) under {string.Join(", ", paths)}";
        throw new TailorException($"nothing to ingest ({why}); no knowledge base was created at {directory}.");
    }

    /// <summary>Removes a knowledge base this run created and left empty: the folder itself when the run made it, else only what it put in.</summary>
    public static void Remove(string directory, bool folderCreated)
    {
        if (!Directory.Exists(directory)) return;
        if (folderCreated)
        {
            Directory.Delete(directory, recursive: true);
            return;
        }
        foreach (var entry in Directory.EnumerateFileSystemEntries(directory))
        {
            if (Directory.Exists(entry)) Directory.Delete(entry, recursive: true);
            else File.Delete(entry);
        }
    }
}
