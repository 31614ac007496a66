using System.CommandLine;

namespace Tailor.Cli.Commands;

internal static class AskCommand
{
    public static Command Create()
    {
        var command = new Command("ask", "(not yet implemented)");
        command.SetAction(_ => { Console.Error.WriteLine("tailor ask: not implemented yet."); return 2; });
        return command;
    }
}
