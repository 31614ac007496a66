namespace Tailor.Storage;

/// <summary>Reading stored vectors by chunk id: hybrid search's vector feedback uses them instead of embedding again.</summary>
public sealed partial class SqliteStore
{
    /// <summary>The stored vectors of <paramref name="modelId"/> for the given chunks (absent ones left out).</summary>
    public Dictionary<long, float[]> ReadEmbeddings(IReadOnlyList<long> chunkIds, string modelId)
    {
        var result = new Dictionary<long, float[]>(chunkIds.Count);
        if (chunkIds.Count == 0) return result;
        using var c = Connect();
        using var cmd = c.CreateCommand();
        var names = new string[chunkIds.Count];
        for (int i = 0; i < names.Length; i++)
        {
            names[i] = "$p" + i;
            cmd.Parameters.AddWithValue(names[i], chunkIds[i]);
        }
        cmd.CommandText = $"SELECT chunk_id, vector FROM embeddings WHERE model_id=$m AND chunk_id IN ({string.Join(',', names)})";
        cmd.Parameters.AddWithValue("$m", modelId);
        using var r = cmd.ExecuteReader();
        while (r.Read()) result[r.GetInt64(0)] = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>((byte[])r.GetValue(1)).ToArray();
        return result;
    }
}
