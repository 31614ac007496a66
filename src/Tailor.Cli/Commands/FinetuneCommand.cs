using System.CommandLine;
using Tailor.Cli.Commands.Finetune;

namespace Tailor.Cli.Commands;

/// <summary><c>tailor finetune ...</c>: prepare fine-tuning datasets and run jobs on an OpenAI-compatible API.</summary>
internal static class FinetuneCommand
{
    public static Command Create() => new("finetune", "Prepare fine-tuning data (validate, stats, cost, split, convert, generate) and run fine-tuning jobs on an OpenAI-compatible API (submit, status, events, cancel, list, checkpoints), then measure the models on a test set (eval).")
    {
        FinetuneValidateCommand.Create(),
        FinetuneStatsCommand.Create(),
        FinetuneCostCommand.Create(),
        FinetuneSplitCommand.Create(),
        FinetuneConvertCommand.Create(),
        FinetuneGenerateCommand.Create(),
        FinetuneSubmitCommand.Create(),
        FinetuneStatusCommand.Create(),
        FinetuneEventsCommand.Create(),
        FinetuneCancelCommand.Create(),
        FinetuneListCommand.Create(),
        FinetuneCheckpointsCommand.Create(),
        FinetuneEvalCommand.Create(),
    };
}
