namespace Tailor.Vectors;

/// <summary>Per-thread reusable buffers for one search or one insertion: nothing is allocated per candidate.</summary>
internal sealed class SearchScratch
{
    [ThreadStatic] private static SearchScratch? t_cached;

    public readonly VisitedSet Visited = new();
    public readonly DistanceHeap Candidates = new(256);
    public readonly DistanceHeap Results = new(256);
    public float[] Query = new float[64];
    public float[] Keys = new float[256];
    public int[] Nodes = new int[256];
    public int[] Links = new int[64];
    public int[] SelectedNodes = new int[64];
    public float[] ShrinkKeys = new float[64];
    public int[] ShrinkNodes = new int[64];
    private bool _inUse;

    /// <summary>Takes this thread's scratch (or a fresh one when it is already in use, e.g. re-entrantly from a filter).</summary>
    public static SearchScratch Rent()
    {
        var s = t_cached;
        if (s is null || s._inUse)
        {
            s = new SearchScratch();
            t_cached ??= s;
        }
        s._inUse = true;
        return s;
    }

    public void Return() => _inUse = false;

    public void EnsureQuery(int dim)
    {
        if (Query.Length < dim) Query = new float[dim];
    }

    public void EnsureDrain(int count)
    {
        if (Keys.Length < count)
        {
            Keys = new float[count];
            Nodes = new int[count];
        }
    }

    public void EnsureLinks(int count)
    {
        if (Links.Length < count) Links = new int[count];
        if (SelectedNodes.Length < count) SelectedNodes = new int[count];
        if (ShrinkKeys.Length < count)
        {
            ShrinkKeys = new float[count];
            ShrinkNodes = new int[count];
        }
    }
}
