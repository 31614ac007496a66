namespace Tailor.Server.Api.Contracts;

/// <summary>POST /api/kbs/{kb}/examples/select.</summary>
public sealed record ExampleSelectRequest
{
    public required string Question { get; init; }

    public int K { get; init; } = 3;

    public double Lambda { get; init; } = Examples.ExampleSelector.DefaultLambda;
}
