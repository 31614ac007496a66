using Tailor.Extraction;

namespace Tailor.Server.Uploads;

/// <summary>
/// Checks the name an uploaded file came with. It becomes the document's id and a path under the job's upload folder,
/// so it may never leave that folder: absolute paths, drive letters, <c>..</c>, empty or hidden segments, control
/// characters (NUL among them) and unsupported file types are refused, naming the file.
/// </summary>
public static class UploadName
{
    private static readonly ExtractorRegistry Extractors = ExtractorRegistry.CreateDefault();

    /// <summary>The relative path ('/' separated) the file is saved under; a 400 for a name that is not usable.</summary>
    public static string Validate(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw)) throw Refuse(raw ?? "", "has no file name; give each part of \"files\" a filename");
        if (raw.Any(char.IsControl)) throw Refuse(raw, "contains control characters (such as NUL)");
        var name = raw.Replace('\\', '/');
        if (name.StartsWith('/') || (name.Length > 1 && name[1] == ':')) throw Refuse(raw, "is an absolute path; send a name relative to the knowledge base, such as docs/guide.md");
        var segments = name.Split('/');
        foreach (var segment in segments)
        {
            if (segment is "" or "." or "..") throw Refuse(raw, "has an empty, '.' or '..' segment; send a plain relative name without '..'");
            if (segment.StartsWith('.')) throw Refuse(raw, "has a hidden segment (starting with '.'); rename it");
            if (segment.Length > 200) throw Refuse(raw, "has a segment longer than 200 characters; shorten it");
        }
        if (!Extractors.IsSupported(name))
            throw Refuse(raw, $"is not a supported file type; send one of {string.Join(", ", Extractors.SupportedExtensions)}");
        return name;
    }

    /// <summary>The full path of <paramref name="name"/> under <paramref name="folder"/>, checked again to lie inside it.</summary>
    public static string PathUnder(string folder, string name)
    {
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)) + Path.DirectorySeparatorChar;
        var full = Path.GetFullPath(Path.Combine(root, name));
        if (!full.StartsWith(root, StringComparison.Ordinal)) throw Refuse(name, "leaves the upload folder");
        return full;
    }

    private static ServerException Refuse(string name, string why) =>
        ServerException.BadRequest($"field \"files\": the file name \"{Printable(name)}\" {why}.");

    private static string Printable(string name) => new(name.Select(c => char.IsControl(c) ? '?' : c).ToArray());
}
