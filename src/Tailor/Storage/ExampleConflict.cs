namespace Tailor.Storage;

/// <summary>Why an example was not inserted: <see cref="SameContent"/> (stored under <c>ExistingId</c>) or <see cref="SameId"/>.</summary>
public enum ExampleConflict
{
    None,
    SameContent,
    SameId,
}
