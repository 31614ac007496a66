namespace Tailor.Vectors;

public sealed partial class HnswIndex
{
    private const string Magic = "TLVHNSW1";
    private const int FormatVersion = 1;
    private const string What = "HNSW vector index";

    /// <summary>Writes the index to <paramref name="path"/> atomically: magic, format version, CRC-32C over the payload,
    /// then options, ids, tombstones, levels, vectors and links as raw little-endian arrays.</summary>
    public void Save(string path) => IndexFile.Write(path, Magic, FormatVersion, w =>
    {
        int count = _rows.Count;
        w.Write(Dim);
        w.Write((int)Metric);
        w.Write(_m);
        w.Write(_options.EfConstruction);
        w.Write(_options.Seed);
        w.Write(_options.CompactionThreshold);
        w.Write(DefaultEf);
        w.Write(count);
        w.Write(_entry);
        w.Write(_maxLevel);
        w.Write(_rngState);
        w.WriteSpan<long>(_rows.Ids.AsSpan(0, count));
        w.WriteSpan<ulong>(_deleted.AsSpan(0, (count + 63) / 64));
        w.WriteSpan<byte>(_levels.AsSpan(0, count));
        w.WriteSpan<float>(_rows.Data.AsSpan(0, count * Dim));
        w.WriteSpan<int>(_level0.AsSpan(0, count * (_m0 + 1)));
        for (int o = 0; o < count; o++)
        {
            if (_levels[o] > 0) w.WriteSpan<int>(_upper[o]);
        }
    });

    /// <summary>Reads an index written by <see cref="Save"/> in bulk; throws <see cref="TailorException"/> naming the
    /// file when it is missing, of another kind or version, truncated, or fails its checksum.</summary>
    public static HnswIndex Load(string path)
    {
        using var r = IndexFile.Open(path, Magic, FormatVersion, What);
        r.Require(4 * 4 + 8 + 8 + 4 * 4 + 8, "header");
        int dim = r.Read<int>();
        var metric = (VectorMetric)r.Read<int>();
        int m = r.Read<int>();
        int efConstruction = r.Read<int>();
        long seed = r.Read<long>();
        double threshold = r.Read<double>();
        int defaultEf = r.Read<int>();
        int count = r.Read<int>();
        int entry = r.Read<int>();
        int maxLevel = r.Read<int>();
        ulong rng = r.Read<ulong>();
        if (dim <= 0 || !Enum.IsDefined(metric) || count < 0 || entry < -1 || entry >= Math.Max(count, 1) || maxLevel < -1 || maxLevel > MaxLevels)
            throw r.Damaged("invalid header");
        HnswOptions options;
        try
        {
            options = new HnswOptions(m, efConstruction, seed, threshold).Validate();
        }
        catch (TailorException ex)
        {
            throw r.Damaged("invalid options: " + ex.Message);
        }
        int m0 = 2 * m;
        r.Require(count * 8L + (count + 63) / 64 * 8L + count + (long)count * dim * 4 + (long)count * (m0 + 1) * 4, "rows");
        var index = new HnswIndex(dim, metric, options, count) { DefaultEf = defaultEf };
        var rows = index._rows;
        r.ReadInto<long>(rows.Ids.AsSpan(0, count));
        r.ReadInto<ulong>(index._deleted.AsSpan(0, (count + 63) / 64));
        r.ReadInto<byte>(index._levels.AsSpan(0, count));
        r.ReadInto<float>(rows.Data.AsSpan(0, count * dim));
        r.ReadInto<int>(index._level0.AsSpan(0, count * (m0 + 1)));
        for (int o = 0; o < count; o++)
        {
            int level = index._levels[o];
            if (level == 0) continue;
            if (level > MaxLevels) throw r.Damaged($"node {o} has level {level}");
            r.Require(level * (m + 1) * 4L, "links");
            var upper = new int[level * (m + 1)];
            r.ReadInto<int>(upper);
            index._upper[o] = upper;
            index._upperBytes += 24 + upper.Length * 4L;
        }
        r.Finish();
        rows.Count = count;
        index._entry = entry;
        index._maxLevel = maxLevel;
        index._rngState = rng;
        int deleted = 0;
        for (int i = 0; i < index._deleted.Length; i++) deleted += System.Numerics.BitOperations.PopCount(index._deleted[i]);
        index._deletedCount = deleted;
        rows.RebuildMap(o => !index.IsDeleted(o));
        index.ValidateLinks(r);
        return index;
    }

    /// <summary>Checks every link points inside the graph, so a file that passed its checksum but was written
    /// by a buggy writer cannot make a search read out of bounds.</summary>
    private void ValidateLinks(IndexFileReader r)
    {
        int count = _rows.Count;
        if (count > 0 && (_entry < 0 || _maxLevel != _levels[_entry])) throw r.Damaged("entry point does not match the levels");
        for (int o = 0; o < count; o++)
        {
            for (int l = 0; l <= _levels[o]; l++)
            {
                var list = LinkList(o, l);
                int size = list[0];
                if (size < 0 || size > list.Length - 1) throw r.Damaged($"node {o} has {size} links on level {l}");
                for (int i = 1; i <= size; i++)
                {
                    int n = list[i];
                    if ((uint)n >= (uint)count || _levels[n] < l) throw r.Damaged($"node {o} links to invalid node {n}");
                }
            }
        }
    }
}
