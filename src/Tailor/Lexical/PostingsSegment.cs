namespace Tailor.Lexical;

/// <summary>
/// Immutable postings for a range of chunk ordinals, in compressed-sparse-row layout: for term t,
/// <c>Docs[Start[t]..Start[t+1]]</c> are the ordinals (ascending) and <c>Tfs</c> the frequencies.
/// Built from the forward index in two linear passes (count, then fill), so adding chunks creates no
/// per-term garbage for the collector.
/// </summary>
internal sealed class PostingsSegment
{
    private PostingsSegment(int[] start, int[] docs, ushort[] tfs, int from, int to)
    {
        Start = start;
        Docs = docs;
        Tfs = tfs;
        From = from;
        To = to;
    }

    public int[] Start { get; }
    public int[] Docs { get; }
    public ushort[] Tfs { get; }

    /// <summary>First ordinal covered.</summary>
    public int From { get; }

    /// <summary>One past the last ordinal covered.</summary>
    public int To { get; }

    public int TermCount => Start.Length - 1;

    public long Bytes => Start.Length * 4L + Docs.Length * 6L;

    public int Count(int term) => term < TermCount ? Start[term + 1] - Start[term] : 0;

    /// <summary>Builds postings for the live chunks with ordinals in [from, to), in parallel over ordinal ranges when large.</summary>
    public static PostingsSegment Build(LexicalIndex index, int from, int to)
    {
        int terms = index.TermCount;
        int parts = to - from >= 200_000 ? Math.Clamp(Environment.ProcessorCount, 1, 4) : 1;
        var bounds = new int[parts + 1];
        for (int p = 0; p <= parts; p++) bounds[p] = from + (int)((long)(to - from) * p / parts);

        // Pass 1: count postings per term and part.
        var counts = new int[parts][];
        Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = parts }, p =>
        {
            var count = new int[terms];
            for (int ord = bounds[p]; ord < bounds[p + 1]; ord++)
            {
                if (!index.IsLive(ord)) continue;
                var (fwd, pos, end) = index.ForwardRange(ord);
                while (pos < end)
                {
                    count[Varint.ReadUInt32(fwd, ref pos)]++;
                    Varint.SkipOne(fwd, ref pos);
                }
            }
            counts[p] = count;
        });

        // Term t's postings start at start[t]; part p writes after the parts before it, so ordinals stay ascending.
        var start = new int[terms + 1];
        long running = 0;
        for (int t = 0; t < terms; t++)
        {
            start[t] = (int)Math.Min(running, int.MaxValue);
            for (int p = 0; p < parts; p++)
            {
                int n = counts[p][t];
                counts[p][t] = (int)Math.Min(running, int.MaxValue);
                running += n;
            }
        }
        if (running > Array.MaxLength) throw new TailorException("The lexical index is too large for one postings array: split the knowledge base into collections.");
        start[terms] = (int)running;

        // Pass 2: fill, each part through its own cursors.
        var docs = GC.AllocateUninitializedArray<int>((int)running);
        var tfs = GC.AllocateUninitializedArray<ushort>((int)running);
        Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = parts }, p =>
        {
            var cursor = counts[p];
            for (int ord = bounds[p]; ord < bounds[p + 1]; ord++)
            {
                if (!index.IsLive(ord)) continue;
                var (fwd, pos, end) = index.ForwardRange(ord);
                while (pos < end)
                {
                    uint id = Varint.ReadUInt32(fwd, ref pos);
                    uint tf = Varint.ReadUInt32(fwd, ref pos);
                    int at = cursor[id]++;
                    docs[at] = ord;
                    tfs[at] = (ushort)Math.Min(tf, ushort.MaxValue);
                }
            }
        });
        return new PostingsSegment(start, docs, tfs, from, to);
    }
}
