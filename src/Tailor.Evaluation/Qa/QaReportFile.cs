using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tailor.Evaluation.Qa;

/// <summary>
/// The latest question-answering report of a knowledge base, kept beside its data (<c>reports/eval-qa.json</c>):
/// <c>{ "created_at", "report": QaJson }</c>. <c>tailor eval-qa</c> writes it; the server's Quality view reads it.
/// Written to a temporary file and moved into place, so a reader never sees half a report.
/// </summary>
public static class QaReportFile
{
    public const string RelativePath = "reports/eval-qa.json";

    public static string PathIn(string kbDirectory) => Path.Combine(kbDirectory, "reports", "eval-qa.json");

    public static void Save(string kbDirectory, QaReport report, DateTimeOffset at)
    {
        var path = PathIn(kbDirectory);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var json = new JsonObject
        {
            ["created_at"] = at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["report"] = JsonNode.Parse(QaJson.Serialize(report)),
        };
        var temp = path + ".tmp";
        File.WriteAllText(temp, json.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }), new UTF8Encoding(false));
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>The saved report's JSON text, or null when none was saved.</summary>
    public static string? Read(string kbDirectory)
    {
        var path = PathIn(kbDirectory);
        return File.Exists(path) ? File.ReadAllText(path) : null;
    }
}
