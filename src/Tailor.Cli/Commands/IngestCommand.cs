using System.CommandLine;

namespace Tailor.Cli.Commands;

internal static class IngestCommand
{
    public static Command Create()
    {
        var command = new Command("ingest", "(not yet implemented)");
        command.SetAction(_ => { Console.Error.WriteLine("tailor ingest: not implemented yet."); return 2; });
        return command;
    }
}
