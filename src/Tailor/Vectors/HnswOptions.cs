namespace Tailor.Vectors;

/// <summary>
/// Build parameters of an <see cref="HnswIndex"/>. <see cref="M"/> is the number of links per node on the
/// upper layers (layer 0 keeps 2·M); <see cref="EfConstruction"/> the candidate list size while inserting;
/// <see cref="Seed"/> makes single-threaded builds reproducible; when the share of deleted nodes passes
/// <see cref="CompactionThreshold"/> the graph is rebuilt without them.
/// </summary>
public sealed record HnswOptions(int M = 16, int EfConstruction = 200, long Seed = 42, double CompactionThreshold = 0.25)
{
    /// <summary>Throws <see cref="TailorException"/> unless every value is usable.</summary>
    public HnswOptions Validate()
    {
        if (M < 2 || M > 256) throw new TailorException($"HNSW M must be between 2 and 256 (got {M}); 16 is a good default.");
        if (EfConstruction < 1 || EfConstruction > 100_000) throw new TailorException($"HNSW efConstruction must be between 1 and 100000 (got {EfConstruction}); 200 is a good default.");
        if (!(CompactionThreshold > 0 && CompactionThreshold <= 1)) throw new TailorException($"HNSW compaction threshold must be in (0, 1] (got {CompactionThreshold}).");
        return this;
    }
}
