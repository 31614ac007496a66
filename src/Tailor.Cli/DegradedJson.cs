using Tailor.Retrieval;

namespace Tailor.Cli;

/// <summary>A search that could not run as asked: the mode asked for, the mode that ran, and why.</summary>
internal sealed record DegradedJson(string Requested, string Used, string Reason)
{
    public static DegradedJson? From(DegradedSearch? degraded) => degraded is null ? null
        : new DegradedJson(degraded.Requested.ToString().ToLowerInvariant(), degraded.Used.ToString().ToLowerInvariant(), degraded.Reason);
}
