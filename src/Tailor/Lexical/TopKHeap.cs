namespace Tailor.Lexical;

/// <summary>
/// A fixed-capacity min-heap keeping the k best (score, chunk id) pairs; a higher score is better and,
/// on equal scores, the lower chunk id is better, so results are deterministic.
/// </summary>
internal sealed class TopKHeap
{
    private readonly float[] _scores;
    private readonly long[] _ids;
    private int _count;

    public TopKHeap(int capacity)
    {
        _scores = new float[capacity];
        _ids = new long[capacity];
    }

    public int Count => _count;

    public bool IsFull => _count == _scores.Length;

    /// <summary>The worst kept score; meaningful when the heap is full.</summary>
    public float MinScore => _scores[0];

    /// <summary>Whether a candidate would enter the heap.</summary>
    public bool Accepts(float score, long id) =>
        _count < _scores.Length || score > _scores[0] || (score == _scores[0] && id < _ids[0]);

    public void Add(float score, long id)
    {
        if (_count < _scores.Length)
        {
            int i = _count++;
            while (i > 0)
            {
                int parent = (i - 1) >> 1;
                if (!Worse(score, id, _scores[parent], _ids[parent])) break;
                _scores[i] = _scores[parent];
                _ids[i] = _ids[parent];
                i = parent;
            }
            _scores[i] = score;
            _ids[i] = id;
            return;
        }
        if (!Worse(_scores[0], _ids[0], score, id)) return;
        SiftDown(0, score, id, _count);
    }

    /// <summary>The kept pairs, best first.</summary>
    public LexicalHit[] ToSortedHits()
    {
        var hits = new LexicalHit[_count];
        for (int n = _count; n > 0; n--)
        {
            float score = _scores[0];
            long id = _ids[0];
            hits[n - 1] = new LexicalHit(id, score);
            if (n > 1) SiftDown(0, _scores[n - 1], _ids[n - 1], n - 1);
        }
        _count = 0;
        return hits;
    }

    private void SiftDown(int i, float score, long id, int count)
    {
        while (true)
        {
            int child = 2 * i + 1;
            if (child >= count) break;
            if (child + 1 < count && Worse(_scores[child + 1], _ids[child + 1], _scores[child], _ids[child])) child++;
            if (!Worse(_scores[child], _ids[child], score, id)) break;
            _scores[i] = _scores[child];
            _ids[i] = _ids[child];
            i = child;
        }
        _scores[i] = score;
        _ids[i] = id;
    }

    private static bool Worse(float aScore, long aId, float bScore, long bId) =>
        aScore < bScore || (aScore == bScore && aId > bId);
}
