using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tailor.FineTuning.Datasets;

/// <summary>Writes JSON objects as JSONL (one compact object per line, UTF-8 without BOM), through a temporary file so a failed write leaves no half file.</summary>
public static class JsonlWriter
{
    private static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, WriteIndented = false };

    public static int Write(string path, IEnumerable<JsonObject> objects)
    {
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        var temp = Path.Combine(dir, "." + Path.GetFileName(full) + ".tmp");
        int count = 0;
        try
        {
            Directory.CreateDirectory(dir);
            using (var writer = new StreamWriter(temp, append: false, new UTF8Encoding(false)))
            {
                writer.NewLine = "\n";
                foreach (var obj in objects)
                {
                    writer.WriteLine(obj.ToJsonString(Compact));
                    count++;
                }
            }
            File.Move(temp, full, overwrite: true);
            return count;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            if (File.Exists(temp)) File.Delete(temp);
            throw new TailorException($"Cannot write {full}: {ex.Message}", ex);
        }
    }
}
