using System.Runtime.CompilerServices;

namespace Tailor.Vectors;

/// <summary>Generation-stamped visited marks: starting a new search is one increment, not a clear.</summary>
internal sealed class VisitedSet
{
    private ushort[] _marks = [];
    private ushort _generation;

    /// <summary>Starts a new search over at most <paramref name="capacity"/> nodes.</summary>
    public void Reset(int capacity)
    {
        if (_marks.Length < capacity)
        {
            _marks = new ushort[Math.Max(capacity, _marks.Length * 2)];
            _generation = 0;
        }
        if (++_generation == 0)
        {
            Array.Clear(_marks);
            _generation = 1;
        }
    }

    /// <summary>Marks <paramref name="node"/>; returns false when it was already marked in this search.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryVisit(int node)
    {
        ref ushort mark = ref _marks[node];
        if (mark == _generation) return false;
        mark = _generation;
        return true;
    }
}
