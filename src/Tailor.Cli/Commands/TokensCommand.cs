using System.CommandLine;
using System.Globalization;
using Tailor.Tokenization;

namespace Tailor.Cli.Commands;

/// <summary><c>tailor tokens [FILE|-]</c>: counts (and optionally lists) the model tokens of a text, with a cost estimate per model.</summary>
internal static class TokensCommand
{
    public static Command Create()
    {
        var file = new Argument<string?>("file") { Description = "Text file to tokenize; '-' or absent reads standard input.", Arity = ArgumentArity.ZeroOrOne };
        var encoding = new Option<string?>("--encoding") { Description = "Encoding: cl100k_base (default) or o200k_base." };
        var model = new Option<string?>("--model") { Description = "Model name (e.g. gpt-4o); picks its encoding and adds an input cost estimate." };
        var ids = new Option<bool>("--ids") { Description = "Also print the token ids." };
        var vocabDir = new Option<string?>("--vocab-dir") { Description = "Folder holding <encoding>.tiktoken (default: $TAILOR_TOKENIZER_DIR, then the user cache, then download)." };
        var prices = new Option<string?>("--prices") { Description = "JSON file of model prices overriding the built-in table ({\"model\": {\"input\": 2.5, \"output\": 10}}, USD per 1M tokens)." };
        var json = CliOptions.Json();
        var command = new Command("tokens", "Count the model tokens of a text exactly as OpenAI's tiktoken does, with a cost estimate for a model.")
        {
            file, encoding, model, ids, vocabDir, prices, json,
        };
        command.SetAction(parse => Run(
            parse.GetValue(file), parse.GetValue(encoding), parse.GetValue(model), parse.GetValue(ids),
            parse.GetValue(vocabDir), parse.GetValue(prices), parse.GetValue(json)));
        return command;
    }

    private static int Run(string? file, string? encodingName, string? model, bool ids, string? vocabDir, string? pricesFile, bool json)
    {
        if (encodingName != null && model != null)
        {
            var modelEncoding = ModelEncodings.GetEncoding(model);
            if (!string.Equals(modelEncoding, encodingName, StringComparison.OrdinalIgnoreCase))
                throw new TailorException($"--encoding {encodingName} contradicts --model {model}, which uses {modelEncoding}. Pass only one of them.");
        }
        string name = encodingName ?? (model != null ? ModelEncodings.GetEncoding(model) : TokenCounters.ChunkingEncoding);
        var tokenEncoding = TokenEncoding.GetBuiltIn(name);
        decimal? inputPrice = null;
        if (model != null) inputPrice = PriceTable.Resolve(pricesFile).GetPrice(model).InputPerMillion;

        var tokenizer = TokenizerRegistry.Get(tokenEncoding, VocabularySource.Default(vocabDir));
        byte[] input = ReadInput(file);
        var tokens = new List<int>(input.Length / 3 + 4);
        int bom = input.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? 3 : 0;
        tokenizer.EncodeOrdinaryUtf8(input.AsSpan(bom), tokens);
        decimal? cost = inputPrice is { } p ? tokens.Count * p / 1_000_000m : null;

        if (json)
        {
            CliJson.Write(new TokensResult(tokenizer.Name, tokens.Count, ids ? tokens : null, model, cost));
            return 0;
        }
        Console.Out.WriteLine(tokens.Count.ToString(CultureInfo.InvariantCulture));
        if (ids) Console.Out.WriteLine(string.Join(' ', tokens));
        if (cost is { } c)
            Console.Error.WriteLine($"{tokens.Count} {tokenizer.Name} tokens; estimated input cost for {model}: ${c.ToString("0.######", CultureInfo.InvariantCulture)}");
        return 0;
    }

    private static byte[] ReadInput(string? file)
    {
        if (file is null or "-")
        {
            using var stdin = Console.OpenStandardInput();
            using var memory = new MemoryStream();
            stdin.CopyTo(memory);
            return memory.ToArray();
        }
        try
        {
            return File.ReadAllBytes(file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new TailorException($"Cannot read {file}: {ex.Message}", ex);
        }
    }

    private sealed record TokensResult(string Encoding, int Count, IReadOnlyList<int>? Tokens, string? Model, decimal? EstimatedCostUsd);
}
