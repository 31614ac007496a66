namespace Tailor.Embedding;

/// <summary>
/// A small deterministic random source (SplitMix64 with Box–Muller) whose sequence depends only on
/// the seed, never on the runtime version, so trained models are reproducible everywhere.
/// </summary>
internal sealed class GaussianRandom
{
    private ulong _state;
    private double _spare;
    private bool _hasSpare;

    public GaussianRandom(ulong seed) => _state = seed;

    public ulong NextUInt64()
    {
        ulong z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in (0, 1].</summary>
    public double NextUniform() => ((NextUInt64() >> 11) + 1) * (1.0 / (1UL << 53));

    /// <summary>Standard normal.</summary>
    public double NextGaussian()
    {
        if (_hasSpare)
        {
            _hasSpare = false;
            return _spare;
        }
        double r = Math.Sqrt(-2.0 * Math.Log(NextUniform()));
        double theta = 2.0 * Math.PI * NextUniform();
        _spare = r * Math.Sin(theta);
        _hasSpare = true;
        return r * Math.Cos(theta);
    }
}
