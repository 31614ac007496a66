using System.Runtime.CompilerServices;

namespace Tailor.Tokenization;

/// <summary>Where encoding writes token ids. Implemented by structs so the encoder specializes per sink.</summary>
internal interface ITokenSink
{
    void Add(int token);
}

/// <summary>Counts tokens without storing them.</summary>
internal struct CountingSink : ITokenSink
{
    public int Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(int token) => Count++;
}

/// <summary>Appends tokens to a list.</summary>
internal readonly struct ListSink(List<int> list) : ITokenSink
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(int token) => list.Add(token);
}

/// <summary>Writes tokens into a span; counts past its end so the caller learns the size needed.</summary>
internal ref struct SpanSink : ITokenSink
{
    private readonly Span<int> _destination;
    public int Count;

    public SpanSink(Span<int> destination) => _destination = destination;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(int token)
    {
        if ((uint)Count < (uint)_destination.Length) _destination[Count] = token;
        Count++;
    }
}
