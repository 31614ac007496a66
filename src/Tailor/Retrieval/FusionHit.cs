namespace Tailor.Retrieval;

/// <summary>
/// One fused result: the chunk id, its fused score, and its 1-based rank in each input list
/// (0 where the list did not contain it), in the order the lists were given — what --explain shows.
/// </summary>
public sealed record FusionHit(long Id, double Score, int[] Ranks);
