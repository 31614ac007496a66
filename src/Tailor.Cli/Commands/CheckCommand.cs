using System.CommandLine;

namespace Tailor.Cli.Commands;

internal static class CheckCommand
{
    public static Command Create()
    {
        var command = new Command("check", "(not yet implemented)");
        command.SetAction(_ => { Console.Error.WriteLine("tailor check: not implemented yet."); return 2; });
        return command;
    }
}
