namespace Tailor.FineTuning.Datasets;

/// <summary>Names of <see cref="DatasetFormat"/> on the command line and in reports.</summary>
public static class DatasetFormats
{
    /// <summary>The names accepted by <see cref="Parse"/>.</summary>
    public const string Names = "chat, completion, alpaca, sharegpt";

    /// <summary>"chat" | "completion" (or "prompt-completion") | "alpaca" | "sharegpt".</summary>
    public static DatasetFormat Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "chat" or "openai" or "messages" => DatasetFormat.Chat,
        "completion" or "prompt-completion" or "prompt_completion" => DatasetFormat.Completion,
        "alpaca" => DatasetFormat.Alpaca,
        "sharegpt" => DatasetFormat.ShareGpt,
        _ => throw new TailorException($"Unknown dataset format '{name}'. Use one of: {Names}."),
    };

    /// <summary>The lower-case name of <paramref name="format"/>.</summary>
    public static string Name(DatasetFormat format) => format switch
    {
        DatasetFormat.Chat => "chat",
        DatasetFormat.Completion => "completion",
        DatasetFormat.Alpaca => "alpaca",
        DatasetFormat.ShareGpt => "sharegpt",
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };
}
