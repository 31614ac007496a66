using System.CommandLine;

namespace Tailor.Cli.Commands;

internal static class EvalQaCommand
{
    public static Command Create()
    {
        var command = new Command("eval-qa", "(not yet implemented)");
        command.SetAction(_ => { Console.Error.WriteLine("tailor eval-qa: not implemented yet."); return 2; });
        return command;
    }
}
