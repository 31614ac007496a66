using System.CommandLine;

namespace Tailor.Cli;

/// <summary>Options shared by many commands, created fresh per command (an option belongs to one parent).</summary>
internal static class CliOptions
{
    public static Option<bool> Json() => new("--json") { Description = "Write one JSON object to standard output, for scripts." };

    public static Option<string?> KnowledgeBase() => new("--kb")
    {
        Description = "Knowledge base folder (default: $TAILOR_KB, else ./.tailor).",
    };

    public static string ResolveKb(string? value)
    {
        if (string.IsNullOrEmpty(value)) value = Environment.GetEnvironmentVariable("TAILOR_KB");
        return Path.GetFullPath(string.IsNullOrEmpty(value) ? ".tailor" : value);
    }
}
