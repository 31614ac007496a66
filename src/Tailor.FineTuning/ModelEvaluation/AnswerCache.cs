using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tailor.FineTuning.ModelEvaluation;

/// <summary>
/// Answers already received, in a JSON Lines file keyed by model, variant and test example. Each
/// answer is appended and flushed as soon as it arrives, so an evaluation that is interrupted (or
/// killed) and run again asks the server only for what it has not answered yet. A last line cut
/// short by a kill is ignored. Failed requests are not cached: a re-run tries them again.
/// </summary>
public sealed class AnswerCache : IDisposable
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly Dictionary<string, CachedAnswer> _answers = new(StringComparer.Ordinal);
    private readonly object _gate = new();
    private readonly StreamWriter? _writer;

    private AnswerCache(string? path)
    {
        Path = path;
        if (path is null) return;
        if (File.Exists(path))
        {
            foreach (var line in File.ReadLines(path))
            {
                if (string.IsNullOrWhiteSpace(line)) continue;
                try
                {
                    if (JsonSerializer.Deserialize<CachedAnswer>(line, Json) is { } answer) _answers[Key(answer.Model, answer.Variant, answer.Item)] = answer;
                }
                catch (JsonException)
                {
                    // a line cut short when a run was killed mid-write: that answer is asked again
                }
            }
        }
        try
        {
            var dir = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
            if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
            // a kill mid-line leaves a fragment without its newline; start on a fresh line so the next answer stays readable
            bool cutShort = EndsMidLine(path);
            var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
            _writer = new StreamWriter(stream, new UTF8Encoding(false)) { NewLine = "\n" };
            if (cutShort) _writer.WriteLine();
            _writer.Flush();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new TailorException($"cannot write the answer cache {path}: {ex.Message}; pass --cache with a writable path.", ex);
        }
    }

    /// <summary>The cache file, or null for a cache kept in memory only.</summary>
    public string? Path { get; }

    /// <summary>Answers loaded from the file when it was opened.</summary>
    public int Loaded { get; private set; }

    /// <summary>Opens (or creates) the cache file at <paramref name="path"/>; null keeps answers in memory only.</summary>
    public static AnswerCache Open(string? path)
    {
        var cache = new AnswerCache(path);
        cache.Loaded = cache._answers.Count;
        return cache;
    }

    public bool TryGet(string model, string variant, string item, out CachedAnswer answer)
    {
        lock (_gate) return _answers.TryGetValue(Key(model, variant, item), out answer!);
    }

    /// <summary>Keeps <paramref name="answer"/> and appends it to the file at once.</summary>
    public void Add(CachedAnswer answer)
    {
        var line = JsonSerializer.Serialize(answer, Json);
        lock (_gate)
        {
            _answers[Key(answer.Model, answer.Variant, answer.Item)] = answer;
            if (_writer is null) return;
            _writer.WriteLine(line);
            _writer.Flush();
        }
    }

    public void Dispose()
    {
        lock (_gate) _writer?.Dispose();
    }

    private static bool EndsMidLine(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists || info.Length == 0) return false;
        using var read = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        read.Seek(-1, SeekOrigin.End);
        return read.ReadByte() != '\n';
    }

    private static string Key(string model, string variant, string item) => model + "\u0001" + variant + "\u0001" + item;
}
