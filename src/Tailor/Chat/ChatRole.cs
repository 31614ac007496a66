namespace Tailor.Chat;

/// <summary>Who wrote a message of a conversation.</summary>
public enum ChatRole
{
    System,
    User,
    Assistant,
}
