namespace Tailor.Cli;

/// <summary>Whether output goes to a person at a terminal (progress bars, colours) or to a script (plain lines).</summary>
internal static class CliTerminal
{
    public static bool IsInteractive =>
        !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("CI") is null && Environment.GetEnvironmentVariable("TERM") != "dumb";
}
