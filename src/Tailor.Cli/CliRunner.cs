using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Tailor.Cli;

/// <summary>
/// Parses and invokes a command. Refuses a bad command line (unknown options included) before any
/// command runs, turns a <see cref="TailorException"/> into a clear message and the exit code of its
/// kind (<see cref="ExitCodes"/>), and with <c>--json</c> writes every error as a JSON object too.
/// </summary>
internal static class CliRunner
{
    public static async Task<int> RunAsync(RootCommand root, string[] args)
    {
        var parse = root.Parse(args);
        bool json = WantsJson(parse);
        if (parse.Action is not HelpAction and not ExitCodesHelpAction && UsageError(parse) is { } usage)
            return Fail(ExitCodes.Usage, "usage", $"{usage}; see `{CommandPath(parse)} --help`.", json);
        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (TailorException ex)
        {
            return Fail(ExitCodes.For(ex.Kind), ExitCodes.Name(ex.Kind), ex.Message, json);
        }
        catch (OperationCanceledException)
        {
            return Fail(ExitCodes.Cancelled, "cancelled", "cancelled.", json);
        }
    }

    /// <summary>Writes the error to standard error (and as <c>{"error": {...}}</c> to standard output with --json); returns <paramref name="exitCode"/>.</summary>
    public static int Fail(int exitCode, string code, string message, bool json)
    {
        Console.Error.WriteLine($"tailor: {message}");
        if (json) CliJson.Write(new { error = new { code, message, exit_code = exitCode } });
        return exitCode;
    }

    /// <summary>
    /// The first problem with the command line: a parse error, or a token that looks like an option
    /// (starts with '-') but was taken as a positional value because the command does not know it
    /// (a value starting with '-' can still be given after <c>--</c>).
    /// </summary>
    internal static string? UsageError(ParseResult parse)
    {
        var tokens = parse.Tokens;
        var beforeDoubleDash = new HashSet<object>(ReferenceEqualityComparer.Instance);
        foreach (var token in tokens)
        {
            if (token.Type == TokenType.DoubleDash) break;
            beforeDoubleDash.Add(token);
        }
        foreach (var argument in parse.CommandResult.Children.OfType<ArgumentResult>())
            foreach (var token in argument.Tokens)
                if (beforeDoubleDash.Contains(token) && LooksLikeOption(token.Value))
                    return $"unknown option '{token.Value}' for `{CommandPath(parse)}`";
        if (parse.Errors.Count > 0) return parse.Errors[0].Message.TrimEnd('.');
        return null;
    }

    private static bool LooksLikeOption(string value) =>
        value.Length > 1 && value[0] == '-' && !double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    /// <summary>"tailor docs list" for the command the arguments chose.</summary>
    private static string CommandPath(ParseResult parse)
    {
        var names = new List<string>();
        for (SymbolResult? r = parse.CommandResult; r is CommandResult c; r = c.Parent)
            if (c.Parent is not null) names.Insert(0, c.Command.Name);
        return string.Join(' ', names.Prepend("tailor"));
    }

    private static bool WantsJson(ParseResult parse) => parse.Tokens.Any(t => t.Type == TokenType.Option && t.Value == "--json");

    /// <summary>Makes every command's <c>--help</c> end with <see cref="ExitCodes.HelpSection"/>.</summary>
    public static void AddExitCodesToHelp(RootCommand root)
    {
        var help = root.Options.OfType<HelpOption>().First();
        if (help.Action is HelpAction inner) help.Action = new ExitCodesHelpAction(inner);
    }

    /// <summary>The usual help, then the exit codes.</summary>
    private sealed class ExitCodesHelpAction(HelpAction inner) : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            int result = inner.Invoke(parseResult);
            var output = parseResult.InvocationConfiguration.Output;
            output.WriteLine(ExitCodes.HelpSection);
            output.WriteLine();
            return result;
        }
    }
}
