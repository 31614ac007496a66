using System.Text;

namespace Tailor.Cleaning;

/// <summary>How extracted text is normalized. Saved with the knowledge base options.</summary>
public sealed record TextCleaningOptions
{
    /// <summary>Unicode normalization form: <see cref="NormalizationForm.FormC"/> (default) or FormKC.</summary>
    public NormalizationForm Normalization { get; init; } = NormalizationForm.FormC;

    public void Validate()
    {
        if (Normalization is not (NormalizationForm.FormC or NormalizationForm.FormKC))
            throw new TailorException($"cleaning.normalization is {Normalization}; use FormC (NFC) or FormKC (NFKC).");
    }
}
