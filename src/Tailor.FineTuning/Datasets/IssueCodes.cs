namespace Tailor.FineTuning.Datasets;

/// <summary>The stable codes of <see cref="DatasetIssue"/>, modelled on OpenAI's own format checks.</summary>
public static class IssueCodes
{
    public const string InvalidJson = "invalid_json";
    public const string NotObject = "not_object";
    public const string MissingMessages = "missing_messages";
    public const string MessagesNotList = "messages_not_list";
    public const string EmptyMessages = "empty_messages";
    public const string MissingKey = "missing_key";
    public const string UnknownKey = "unknown_key";
    public const string MissingRole = "missing_role";
    public const string UnknownRole = "unknown_role";
    public const string MissingContent = "missing_content";
    public const string EmptyContent = "empty_content";
    public const string WrongType = "wrong_type";
    public const string InvalidWeight = "invalid_weight";
    public const string NoAssistantMessage = "no_assistant_message";
    public const string TooManyTokens = "too_many_tokens";
    public const string Duplicate = "duplicate";
    public const string EmptyFile = "empty_file";
    public const string TooFewExamples = "too_few_examples";
    public const string FormatMismatch = "format_mismatch";
}
