using System.CommandLine;

namespace Tailor.Cli.Commands;

internal static class EvalCommand
{
    public static Command Create()
    {
        var command = new Command("eval", "(not yet implemented)");
        command.SetAction(_ => { Console.Error.WriteLine("tailor eval: not implemented yet."); return 2; });
        return command;
    }
}
