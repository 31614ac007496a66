using System.CommandLine;

namespace Tailor.Cli.Commands;

internal static class TokensCommand
{
    public static Command Create()
    {
        var command = new Command("tokens", "(not yet implemented)");
        command.SetAction(_ => { Console.Error.WriteLine("tailor tokens: not implemented yet."); return 2; });
        return command;
    }
}
