namespace Tailor;

/// <summary>
/// The one exception type of the core library. Its message says what went wrong, with which
/// input, and what the user can do about it.
/// </summary>
public sealed class TailorException : Exception
{
    public TailorException(string message) : base(message) { }

    public TailorException(string message, Exception inner) : base(message, inner) { }
}
