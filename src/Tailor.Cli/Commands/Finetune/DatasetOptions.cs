using System.CommandLine;
using Tailor.FineTuning.Datasets;
using Tailor.FineTuning.Statistics;
using Tailor.FineTuning.Validation;
using Tailor.Tokenization;

namespace Tailor.Cli.Commands.Finetune;

/// <summary>The options every dataset command shares: the file, its format, the target model, its token limit and the tokenizer folder.</summary>
internal sealed class DatasetOptions
{
    public Argument<string> File { get; } = new("file") { Description = "JSONL dataset: OpenAI chat, prompt/completion, Alpaca or ShareGPT (detected)." };

    public Option<string?> Format { get; } = new("--format") { Description = $"Read the file as this format instead of detecting it: {DatasetFormats.Names}." };

    public Option<string> Model { get; }

    public Option<int?> MaxTokens { get; } = new("--max-tokens") { Description = "Most tokens one example may hold (default: the model's training limit, e.g. 65,536 for gpt-4o-mini)." };

    public Option<string?> Encoding { get; } = new("--encoding") { Description = "Tokenizer encoding (cl100k_base or o200k_base) for models Tailor does not know (default: the model's)." };

    public Option<string?> VocabDir { get; } = new("--vocab-dir") { Description = "Folder holding <encoding>.tiktoken (default: $TAILOR_TOKENIZER_DIR, then the user cache, then download)." };

    public DatasetOptions(bool modelRequired = false)
    {
        Model = new Option<string>("--model")
        {
            Description = modelRequired ? "Base model to fine-tune; sets the tokenizer, the token limit and the price." : $"Base model to fine-tune; sets the tokenizer and the token limit (default {TrainingTokenLimits.DefaultModel}).",
            Required = modelRequired,
        };
        if (!modelRequired) Model.DefaultValueFactory = _ => TrainingTokenLimits.DefaultModel;
    }

    public void AddTo(Command command)
    {
        command.Add(File);
        command.Add(Format);
        command.Add(Model);
        command.Add(MaxTokens);
        command.Add(Encoding);
        command.Add(VocabDir);
    }

    public DatasetFile Read(ParseResult parse) =>
        DatasetReader.Read(parse.GetValue(File)!, parse.GetValue(Format) is { } f ? DatasetFormats.Parse(f) : null);

    public string ModelName(ParseResult parse) => parse.GetValue(Model) ?? TrainingTokenLimits.DefaultModel;

    public int Limit(ParseResult parse) => TrainingTokenLimits.Resolve(ModelName(parse), parse.GetValue(MaxTokens));

    /// <summary>The model's tokenizer, or the estimate (with a note on stderr) when its vocabulary is not available offline.</summary>
    public ExampleTokenCounter Counter(ParseResult parse) =>
        ExampleTokenCounter.ForEncodingOrEstimate(
            parse.GetValue(Encoding) is { Length: > 0 } encoding ? encoding : ModelEncodings.GetEncoding(ModelName(parse)),
            parse.GetValue(VocabDir), note => Console.Error.WriteLine("note: " + note));
}
