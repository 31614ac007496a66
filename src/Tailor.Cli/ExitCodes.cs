namespace Tailor.Cli;

/// <summary>
/// The exit codes of every <c>tailor</c> command, defined once: <c>--help</c> lists them, docs/CLI.md
/// documents them, and <see cref="CliRunner"/> maps each <see cref="TailorErrorKind"/> to one.
/// </summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    public const int PartialFailure = 1;
    public const int Usage = 2;
    public const int Damaged = 3;
    public const int Busy = 4;
    public const int Upstream = 5;
    public const int Cancelled = 130;

    /// <summary>Every code with its name (the <c>code</c> of a JSON error) and meaning, in order.</summary>
    public static IReadOnlyList<(int Code, string Name, string Meaning)> All { get; } =
    [
        (Ok, "ok", "success"),
        (PartialFailure, "partial_failure", "some inputs failed (files, lines) and are listed; the rest was done"),
        (Usage, "usage", "bad command line or input: unknown option, missing or invalid value, empty question, or a knowledge base, document or session that does not exist"),
        (Damaged, "damaged", "the knowledge base is damaged or incomplete (`tailor check` lists the problems; `tailor check --repair` fixes derived data)"),
        (Busy, "busy", "another Tailor process is writing to the knowledge base; try again when it is done"),
        (Upstream, "upstream", "a model, embedding or rerank server failed, refused the key, or could not be reached"),
        (Cancelled, "cancelled", "interrupted (Ctrl+C); work committed before the interrupt is kept"),
    ];

    /// <summary>The exit code for a failure of <paramref name="kind"/>.</summary>
    public static int For(TailorErrorKind kind) => kind switch
    {
        TailorErrorKind.Busy => Busy,
        TailorErrorKind.Upstream or TailorErrorKind.Unauthorized => Upstream,
        TailorErrorKind.Corrupt => Damaged,
        _ => Usage,
    };

    /// <summary>The JSON error code for a failure of <paramref name="kind"/>: the kind in snake_case.</summary>
    public static string Name(TailorErrorKind kind) => kind switch
    {
        TailorErrorKind.InvalidInput => "invalid_input",
        TailorErrorKind.NotFound => "not_found",
        _ => kind.ToString().ToLowerInvariant(),
    };

    /// <summary>The section every command's <c>--help</c> ends with.</summary>
    public static string HelpSection { get; } =
        "Exit codes:" + Environment.NewLine + string.Join(Environment.NewLine, All.Select(c => $"  {c.Code,-4} {c.Meaning}"));
}
