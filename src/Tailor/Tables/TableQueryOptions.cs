namespace Tailor.Tables;

/// <summary>Limits of the read-only SQL answer over a table source (see <see cref="TableAnswerer"/>).</summary>
public sealed record TableQueryOptions
{
    /// <summary>Longest a query may run before it is interrupted.</summary>
    public TimeSpan TimeLimit { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Most result rows kept; more are cut and the result says so.</summary>
    public int MaxRows { get; init; } = 50;

    /// <summary>Rows of the table shown to the model beside its schema.</summary>
    public int SampleRows { get; init; } = 3;

    /// <summary>Largest table loaded for a query.</summary>
    public int MaxTableRows { get; init; } = 100_000;

    /// <summary>Throws <see cref="TailorException"/> when a limit is out of range.</summary>
    public void Validate()
    {
        if (TimeLimit <= TimeSpan.Zero || TimeLimit > TimeSpan.FromMinutes(5)) throw new TailorException($"table query time limit is {TimeLimit}; use more than 0 and at most 5 minutes.");
        if (MaxRows < 1 || MaxRows > 10_000) throw new TailorException($"table query maxRows is {MaxRows}; use 1 to 10000.");
        if (SampleRows < 0 || SampleRows > 50) throw new TailorException($"table query sampleRows is {SampleRows}; use 0 to 50.");
        if (MaxTableRows < 1) throw new TailorException($"table query maxTableRows is {MaxTableRows}; use 1 or more.");
    }
}
