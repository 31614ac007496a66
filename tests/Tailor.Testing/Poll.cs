namespace Tailor.Testing;

/// <summary>Waits for a condition by reading it again every 50 ms, within a bound: a test that waits for another process.</summary>
public static class Poll
{
    /// <summary>Reads until <paramref name="done"/> holds or <paramref name="limit"/> has passed; returns the last value read (the caller asserts on it).</summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        T value;
        while (!done(value = await read()) && DateTime.UtcNow < deadline) await Task.Delay(50);
        return value;
    }
}
