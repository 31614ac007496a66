using System.Text;

namespace Tailor.Cleaning;

/// <summary>How extracted text is normalized. Saved with the knowledge base options.</summary>
public sealed record TextCleaningOptions
{
    /// <summary>Unicode normalization form: <see cref="NormalizationForm.FormC"/> (default) or FormKC.</summary>
    public NormalizationForm Normalization { get; init; } = NormalizationForm.FormC;

    /// <summary>
    /// Kinds of sensitive data masked in every document before it is chunked (so they never reach the
    /// chunks, the indexes, an embedding server or a prompt); empty: found and reported, not masked.
    /// </summary>
    public IReadOnlyList<SensitiveKind> Redact { get; init; } = [];

    public void Validate()
    {
        if (Normalization is not (NormalizationForm.FormC or NormalizationForm.FormKC))
            throw new TailorException($"cleaning.normalization is {Normalization}; use FormC (NFC) or FormKC (NFKC).");
        foreach (var kind in Redact)
            if (!Enum.IsDefined(kind)) throw new TailorException($"cleaning.redact holds {kind}; use {string.Join(", ", SensitiveDataDetector.AllKinds.Select(k => k.ToString().ToLowerInvariant()))}.");
    }
}
