using System.CommandLine;

namespace Tailor.Cli.Commands;

internal static class SearchCommand
{
    public static Command Create()
    {
        var command = new Command("search", "(not yet implemented)");
        command.SetAction(_ => { Console.Error.WriteLine("tailor search: not implemented yet."); return 2; });
        return command;
    }
}
