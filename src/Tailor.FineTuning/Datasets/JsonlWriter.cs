using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tailor.Storage;

namespace Tailor.FineTuning.Datasets;

/// <summary>Writes JSON objects as JSONL (one compact object per line, UTF-8 without BOM), atomically (<see cref="AtomicFile"/>) so a failed write leaves no half file.</summary>
public static class JsonlWriter
{
    private static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, WriteIndented = false };

    public static int Write(string path, IEnumerable<JsonObject> objects)
    {
        var full = Path.GetFullPath(path);
        int count = 0;
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            AtomicFile.Write(full, stream =>
            {
                using var writer = new StreamWriter(stream, new UTF8Encoding(false), leaveOpen: true) { NewLine = "\n" };
                foreach (var obj in objects)
                {
                    writer.WriteLine(obj.ToJsonString(Compact));
                    count++;
                }
            });
            return count;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new TailorException($"Cannot write {full}: {ex.Message}", ex);
        }
    }
}
