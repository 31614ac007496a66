namespace Tailor;

/// <summary>
/// The one exception type of the core library. Its message says what went wrong, with which
/// input, and what the user can do about it; its <see cref="Kind"/> says what sort of problem it is.
/// </summary>
public sealed class TailorException : Exception
{
    public TailorException(string message, TailorErrorKind kind = TailorErrorKind.InvalidInput) : base(message) => Kind = kind;

    public TailorException(string message, Exception inner, TailorErrorKind kind = TailorErrorKind.InvalidInput) : base(message, inner) =>
        Kind = inner is TailorException { } wrapped && kind == TailorErrorKind.InvalidInput ? wrapped.Kind : kind;

    /// <summary>What kind of problem this is (a host maps it to an exit code or status).</summary>
    public TailorErrorKind Kind { get; }
}
