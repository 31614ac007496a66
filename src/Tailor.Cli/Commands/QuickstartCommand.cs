using System.CommandLine;

namespace Tailor.Cli.Commands;

internal static class QuickstartCommand
{
    public static Command Create()
    {
        var command = new Command("quickstart", "(not yet implemented)");
        command.SetAction(_ => { Console.Error.WriteLine("tailor quickstart: not implemented yet."); return 2; });
        return command;
    }
}
