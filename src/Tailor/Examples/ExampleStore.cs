using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using Tailor.Chat;
using Tailor.Storage;

namespace Tailor.Examples;

/// <summary>
/// The knowledge base's few-shot examples, in its SQLite file (table <c>examples</c>): input, output,
/// a content hash that makes duplicates detectable, and the input's embedding cached per model.
/// </summary>
public sealed class ExampleStore
{
    private readonly SqliteStore _store;
    private bool _schemaReady;

    internal ExampleStore(SqliteStore store) => _store = store;

    private SqliteConnection Connect()
    {
        var c = _store.Connect();
        if (!_schemaReady)
        {
            SqliteStore.Exec(c, """
                CREATE TABLE IF NOT EXISTS examples(
                  id TEXT PRIMARY KEY,
                  input TEXT NOT NULL,
                  output TEXT NOT NULL,
                  content_hash TEXT NOT NULL UNIQUE,
                  created_at TEXT NOT NULL,
                  vector_model TEXT,
                  vector BLOB);
                """);
            _schemaReady = true;
        }
        return c;
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
        using var c = Connect();
        using var tx = c.BeginTransaction();
        if (FindByHash(c, tx, hash) is { } same)
            throw new TailorException($"this example is already stored as \"{same}\"; remove it first (`tailor examples remove {same}`) to replace it.");
        if (Exists(c, tx, id))
            throw new TailorException($"an example with id \"{id}\" already exists; choose another --id or remove it first.");
        Insert(c, tx, id, input, output, hash);
        tx.Commit();
        return new FewShotExample(id, input, output);
    }

    /// <summary>
    /// Imports a JSONL file in one transaction. Any malformed line fails the whole import with every
    /// problem listed by line number (nothing is written); duplicates are skipped and counted.
    /// </summary>
    public ExampleImportResult Import(string file)
    {
        if (!File.Exists(file)) throw new TailorException($"{file}: no such file; pass a JSONL file of examples.");
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
        int added = 0, duplicates = 0;
        using var c = Connect();
        using var tx = c.BeginTransaction();
        foreach (var line in lines)
        {
            var hash = Hash(line.Input, line.Output);
            if (FindByHash(c, tx, hash) != null)
            {
                duplicates++;
                continue;
            }
            var id = line.Id ?? DefaultId(hash);
            if (Exists(c, tx, id))
            {
                duplicates++;
                continue;
            }
            Insert(c, tx, id, line.Input, line.Output, hash);
            added++;
        }
        tx.Commit();
        return new ExampleImportResult(added, duplicates, lines.Count);
    }

    /// <summary>Every example, oldest first.</summary>
    public IReadOnlyList<FewShotExample> List()
    {
        using var c = Connect();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT id, input, output FROM examples ORDER BY rowid";
        using var r = cmd.ExecuteReader();
        var list = new List<FewShotExample>();
        while (r.Read()) list.Add(new FewShotExample(r.GetString(0), r.GetString(1), r.GetString(2)));
        return list;
    }

    /// <summary>Removes an example; false when no example has that id.</summary>
    public bool Remove(string id)
    {
        using var c = Connect();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "DELETE FROM examples WHERE id=$id";
        cmd.Parameters.AddWithValue("$id", id);
        return cmd.ExecuteNonQuery() > 0;
    }

    /// <summary>Cached input embeddings made by <paramref name="modelId"/> (examples without one are absent).</summary>
    internal Dictionary<string, float[]> Vectors(string modelId)
    {
        using var c = Connect();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT id, vector FROM examples WHERE vector_model=$m AND vector IS NOT NULL";
        cmd.Parameters.AddWithValue("$m", modelId);
        using var r = cmd.ExecuteReader();
        var map = new Dictionary<string, float[]>(StringComparer.Ordinal);
        while (r.Read()) map[r.GetString(0)] = MemoryMarshal.Cast<byte, float>((byte[])r[1]).ToArray();
        return map;
    }

    /// <summary>Caches input embeddings made by <paramref name="modelId"/>.</summary>
    internal void SaveVectors(string modelId, IReadOnlyList<(string Id, float[] Vector)> vectors)
    {
        using var c = Connect();
        using var tx = c.BeginTransaction();
        using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "UPDATE examples SET vector_model=$m, vector=$v WHERE id=$id";
        var m = cmd.Parameters.Add("$m", SqliteType.Text);
        var v = cmd.Parameters.Add("$v", SqliteType.Blob);
        var idParam = cmd.Parameters.Add("$id", SqliteType.Text);
        foreach (var (id, vector) in vectors)
        {
            m.Value = modelId;
            v.Value = MemoryMarshal.AsBytes(vector.AsSpan()).ToArray();
            idParam.Value = id;
            cmd.ExecuteNonQuery();
        }
        tx.Commit();
    }

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

    private static string? FindByHash(SqliteConnection c, SqliteTransaction tx, string hash)
    {
        using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "SELECT id FROM examples WHERE content_hash=$h";
        cmd.Parameters.AddWithValue("$h", hash);
        return cmd.ExecuteScalar() as string;
    }

    private static bool Exists(SqliteConnection c, SqliteTransaction tx, string id)
    {
        using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "SELECT 1 FROM examples WHERE id=$id";
        cmd.Parameters.AddWithValue("$id", id);
        return cmd.ExecuteScalar() != null;
    }

    private static void Insert(SqliteConnection c, SqliteTransaction tx, string id, string input, string output, string hash)
    {
        using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "INSERT INTO examples(id, input, output, content_hash, created_at) VALUES ($id, $i, $o, $h, $t)";
        cmd.Parameters.AddWithValue("$id", id);
        cmd.Parameters.AddWithValue("$i", input);
        cmd.Parameters.AddWithValue("$o", output);
        cmd.Parameters.AddWithValue("$h", hash);
        cmd.Parameters.AddWithValue("$t", DateTime.UtcNow.ToString("O"));
        cmd.ExecuteNonQuery();
    }
}
