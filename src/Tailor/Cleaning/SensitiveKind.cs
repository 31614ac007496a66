namespace Tailor.Cleaning;

/// <summary>The kinds of sensitive data the <see cref="SensitiveDataDetector"/> finds; each is masked as its own label (<c>[EMAIL]</c>).</summary>
public enum SensitiveKind
{
    Email,
    Phone,
    Card,
    Iban,
    Ssn,
    Ip,
    Secret,
}
