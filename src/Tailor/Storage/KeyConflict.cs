namespace Tailor.Storage;

/// <summary>Why a key was not added: <see cref="SameName"/> (an active key has its name) or <see cref="SameHash"/> (the key is stored already).</summary>
public enum KeyConflict
{
    None,
    SameName,
    SameHash,
}
