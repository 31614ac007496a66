using Tailor.Retrieval;

namespace Tailor.Responses;

/// <summary>A search that could not run as asked: the mode asked for, the mode that ran, and why.</summary>
public sealed record DegradedResponse(string Requested, string Used, string Reason)
{
    public static DegradedResponse? From(DegradedSearch? degraded) => degraded is null ? null
        : new DegradedResponse(degraded.Requested.ToString().ToLowerInvariant(), degraded.Used.ToString().ToLowerInvariant(), degraded.Reason);
}
