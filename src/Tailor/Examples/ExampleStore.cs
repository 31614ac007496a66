using System.Security.Cryptography;
using System.Text;
using Tailor.Chat;
using Tailor.Storage;

namespace Tailor.Examples;

/// <summary>
/// The knowledge base's few-shot examples, in its store (table <c>examples</c>): input, output,
/// a content hash that makes duplicates detectable, and the input's embedding cached per model.
/// </summary>
public sealed class ExampleStore
{
    private readonly IExampleRecords _store;
    private readonly Func<string, IReadOnlyList<string>?> _documentTags;

    /// <summary>Examples kept in <paramref name="store"/>: a knowledge base's store, or another (e.g. in memory, for examples read from a file).</summary>
    /// <param name="store">The examples' rows.</param>
    /// <param name="documentTags">The tags of a document by id (null when it does not exist): its access groups decide who sees an example
    /// drawn from it. Without it (examples outside a knowledge base) an example naming a document is hidden from callers with groups.</param>
    public ExampleStore(IExampleRecords store, Func<string, IReadOnlyList<string>?>? documentTags = null)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _documentTags = documentTags ?? (_ => null);
    }

    /// <summary>Stores one example; its id defaults to one derived from its content. Refuses duplicates clearly.</summary>
    public FewShotExample Add(string input, string output, string? id = null)
    {
        if (string.IsNullOrWhiteSpace(input)) throw new TailorException("the example input is empty; pass --input TEXT.");
        if (string.IsNullOrWhiteSpace(output)) throw new TailorException("the example output is empty; pass --output TEXT.");
        input = input.Trim();
        output = output.Trim();
        var hash = Hash(input, output);
        id = ValidateId(id) ?? DefaultId(hash);
        var (conflict, same) = _store.InsertExamples([new StoredExample(id, input, output, hash)])[0];
        if (conflict == ExampleConflict.SameContent)
            throw new TailorException($"this example is already stored as \"{same}\"; remove it first (`tailor examples remove {same}`) to replace it.", TailorErrorKind.Conflict);
        if (conflict == ExampleConflict.SameId)
            throw new TailorException($"an example with id \"{id}\" already exists; choose another --id or remove it first.", TailorErrorKind.Conflict);
        return new FewShotExample(id, input, output);
    }

    /// <summary>
    /// Imports a JSONL file in one transaction. Any malformed line fails the whole import with every
    /// problem listed by line number (nothing is written); duplicates are skipped and counted.
    /// </summary>
    public ExampleImportResult Import(string file)
    {
        if (!File.Exists(file)) throw new TailorException($"{file}: no such file; pass a JSONL file of examples.", TailorErrorKind.NotFound);
        var errors = new List<string>();
        List<ExampleLine> lines;
        try
        {
            using var reader = new StreamReader(file, new UTF8Encoding(false, throwOnInvalidBytes: true));
            lines = ExampleJsonl.Parse(reader, errors);
        }
        catch (DecoderFallbackException ex)
        {
            throw new TailorException($"{file}: not valid UTF-8 ({ex.Message}); save the file as UTF-8 JSON Lines.", ex);
        }
        catch (IOException ex)
        {
            throw new TailorException($"{file}: cannot read it ({ex.Message}).", ex);
        }
        if (errors.Count > 0)
        {
            var shown = string.Join(Environment.NewLine, errors.Take(20).Select(e => $"  {file}: {e}"));
            var more = errors.Count > 20 ? $"{Environment.NewLine}  ... and {errors.Count - 20} more" : "";
            throw new TailorException($"{file}: {errors.Count} line(s) are not examples; nothing was imported. Fix them and import again:{Environment.NewLine}{shown}{more}");
        }
        foreach (var line in lines) ValidateId(line.Id, $"{file}: line {line.LineNumber}: ");
        var outcomes = _store.InsertExamples(lines.Select(line =>
        {
            var hash = Hash(line.Input, line.Output);
            return new StoredExample(line.Id ?? DefaultId(hash), line.Input, line.Output, hash, line.Document);
        }).ToList());
        int added = outcomes.Count(o => o.Conflict == ExampleConflict.None), duplicates = outcomes.Count - added;
        return new ExampleImportResult(added, duplicates, lines.Count);
    }

    /// <summary>
    /// Every example a reader with <paramref name="groups"/> may see (null or empty: every example), oldest first. An example
    /// drawn from a document is seen by the readers of that document only; one whose document is gone, by unrestricted readers only.
    /// </summary>
    public IReadOnlyList<FewShotExample> List(IReadOnlyList<string>? groups = null) => _store.ListExamples()
        .Where(e => groups is null || groups.Count == 0 || e.Document is null || _documentTags(e.Document) is { } tags && Documents.AccessGroups.MaySee(tags, groups))
        .Select(e => new FewShotExample(e.Id, e.Input, e.Output, e.Document)).ToList();

    /// <summary>Removes an example; false when no example has that id.</summary>
    public bool Remove(string id) => _store.RemoveExample(id);

    /// <summary>Cached input embeddings made by <paramref name="modelId"/> (examples without one are absent).</summary>
    internal Dictionary<string, float[]> Vectors(string modelId) => _store.ExampleVectors(modelId);

    /// <summary>Caches input embeddings made by <paramref name="modelId"/>.</summary>
    internal void SaveVectors(string modelId, IReadOnlyList<(string Id, float[] Vector)> vectors) => _store.SaveExampleVectors(modelId, vectors);

    private static string? ValidateId(string? id, string where = "")
    {
        if (id is null) return null;
        id = id.Trim();
        if (id.Length == 0 || id.Length > 200 || id.Any(char.IsControl))
            throw new TailorException($"{where}example id \"{id}\" is not usable; use 1 to 200 printable characters.");
        return id;
    }

    private static string Hash(string input, string output) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(input + "\u0000" + output)));

    private static string DefaultId(string hash) => "ex-" + hash[..10];
}
