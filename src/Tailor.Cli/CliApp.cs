using System.CommandLine;
using Tailor.Cli.Commands;

namespace Tailor.Cli;

/// <summary>The <c>tailor</c> command tree: every command, with the exit codes added to each <c>--help</c>.</summary>
internal static class CliApp
{
    public static RootCommand CreateRoot()
    {
        var root = new RootCommand("Tailor: customize language models with your own knowledge — ingest documents, search them, and get answers that cite their sources.")
        {
            QuickstartCommand.Create(),
            IngestCommand.Create(),
            SearchCommand.Create(),
            AskCommand.Create(),
            DocsCommand.Create(),
            CheckCommand.Create(),
            TokensCommand.Create(),
            EvalCommand.Create(),
            EvalQaCommand.Create(),
            BenchCommand.Create(),
            TrainCommand.Create(),
            ClassifyCommand.Create(),
            ReembedCommand.Create(),
            FinetuneCommand.Create(),
            ExamplesCommand.Create(),
            ChatCommand.Create(),
            SessionsCommand.Create(),
            ServeCommand.Create(),
            KeysCommand.Create(),
            MigrateCommand.Create(),
        };
        CliRunner.AddExitCodesToHelp(root);
        return root;
    }
}
