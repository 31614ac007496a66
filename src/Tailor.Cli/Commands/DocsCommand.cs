using System.CommandLine;

namespace Tailor.Cli.Commands;

internal static class DocsCommand
{
    public static Command Create()
    {
        var command = new Command("docs", "(not yet implemented)");
        command.SetAction(_ => { Console.Error.WriteLine("tailor docs: not implemented yet."); return 2; });
        return command;
    }
}
