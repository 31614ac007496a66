namespace Tailor.Tests;

/// <summary>Tests that reset or assert process-wide state: xUnit runs this collection on its own, after the parallel ones.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessWideState
{
    public const string Name = "process-wide state";
}
