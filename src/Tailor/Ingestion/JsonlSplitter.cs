namespace Tailor.Ingestion;

/// <summary>
/// Cuts a JSONL file larger than the part size into <see cref="FilePart"/>s at line ends, reading it
/// once in blocks (so the whole file is never in memory). Other files, and JSONL files in UTF-16 or
/// UTF-32 (where a newline is not one byte), are returned whole.
/// </summary>
internal static class JsonlSplitter
{
    /// <summary>Part size used by ingestion.</summary>
    public const int DefaultPartBytes = 8 * 1024 * 1024;

    public static IEnumerable<SourceFile> Split(SourceFile file, int partBytes = DefaultPartBytes)
    {
        if (file.Content is not null || !file.FullPath.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase)) return [file];
        long length;
        try { length = new FileInfo(file.FullPath).Length; }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { return [file]; } // the preparer reports it
        if (length <= partBytes) return [file];
        try
        {
            return Parts(file, length, partBytes);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return [file]; // unreadable: the preparer names the problem
        }
    }

    private static List<SourceFile> Parts(SourceFile file, long length, int partBytes)
    {
        var parts = new List<SourceFile>();
        using var stream = new FileStream(file.FullPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var head = new byte[4];
        int got = stream.Read(head, 0, 4);
        if (got >= 2 && (head[0] == 0xFF && head[1] == 0xFE || head[0] == 0xFE && head[1] == 0xFF) || got == 4 && head[0] == 0 && head[1] == 0 && head[2] == 0xFE && head[3] == 0xFF)
            return [file];
        stream.Position = 0;
        var buffer = new byte[1 << 16];
        long partStart = 0, position = 0;
        int line = 1, partFirstLine = 1;
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            var span = buffer.AsSpan(0, read);
            int at = 0;
            while (true)
            {
                int nl = span[at..].IndexOf((byte)'\n');
                if (nl < 0) break;
                long end = position + at + nl + 1; // just past the newline
                line++;
                at += nl + 1;
                if (end - partStart >= partBytes && end < length)
                {
                    parts.Add(file with { Part = new FilePart(partStart, checked((int)(end - partStart)), partFirstLine, false) });
                    partStart = end;
                    partFirstLine = line;
                }
            }
            position += read;
        }
        parts.Add(file with { Part = new FilePart(partStart, checked((int)(length - partStart)), partFirstLine, true) });
        return parts;
    }
}
