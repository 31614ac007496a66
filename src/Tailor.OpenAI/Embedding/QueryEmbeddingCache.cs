namespace Tailor.OpenAI.Embedding;

/// <summary>A small thread-safe least-recently-used map from query text to its embedding.</summary>
internal sealed class QueryEmbeddingCache(int capacity)
{
    private readonly object _gate = new();
    private readonly Dictionary<string, LinkedListNode<(string Text, float[] Vector)>> _map = new(StringComparer.Ordinal);
    private readonly LinkedList<(string Text, float[] Vector)> _order = new();

    public int Count { get { lock (_gate) return _map.Count; } }

    public bool TryGet(string text, out float[] vector)
    {
        lock (_gate)
        {
            if (_map.TryGetValue(text, out var node))
            {
                _order.Remove(node);
                _order.AddFirst(node);
                vector = node.Value.Vector;
                return true;
            }
        }
        vector = [];
        return false;
    }

    public void Add(string text, float[] vector)
    {
        if (capacity == 0) return;
        lock (_gate)
        {
            if (_map.TryGetValue(text, out var existing)) _order.Remove(existing);
            var node = _order.AddFirst((text, vector));
            _map[text] = node;
            while (_map.Count > capacity)
            {
                var last = _order.Last!;
                _order.RemoveLast();
                _map.Remove(last.Value.Text);
            }
        }
    }
}
