using System.CommandLine;

namespace Tailor.Cli;

/// <summary>Parses, invokes, and turns <see cref="TailorException"/> into a clear message and exit code 2.</summary>
internal static class CliRunner
{
    public static async Task<int> RunAsync(RootCommand root, string[] args)
    {
        var parse = root.Parse(args);
        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (TailorException ex)
        {
            Console.Error.WriteLine($"tailor: {ex.Message}");
            return 2;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("tailor: cancelled.");
            return 130;
        }
    }
}
