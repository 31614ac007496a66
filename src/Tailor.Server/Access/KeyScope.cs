namespace Tailor.Server.Access;

/// <summary>What a key may do: read (search, ask, chat, sessions), write (also upload, delete documents, import examples), admin (also create and delete knowledge bases).</summary>
public enum KeyScope
{
    Read = 1,
    Write = 2,
    Admin = 3,
}
