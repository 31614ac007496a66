using System.CommandLine;
using Tailor.Cli;
using Tailor.Cli.Commands;

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
};

return await CliRunner.RunAsync(root, args);
