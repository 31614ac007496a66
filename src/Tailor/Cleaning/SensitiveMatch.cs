namespace Tailor.Cleaning;

/// <summary>One piece of sensitive data found in a text: its kind and where it stands.</summary>
public readonly record struct SensitiveMatch(SensitiveKind Kind, int Start, int Length)
{
    public int End => Start + Length;
}
