using Tailor.Chat;
using Tailor.Retrieval;
using Tailor.Tables;

namespace Tailor.Answering;

/// <summary>The reply to a question: the answer text with [n] markers, its citations and the hits it was built from.</summary>
public sealed record Answer
{
    /// <summary>What an answerer says when the knowledge base holds no answer it can stand behind.</summary>
    public const string NotFoundText = "I could not find an answer to that in the knowledge base.";

    /// <summary>The <see cref="Model"/> of answers written offline by the extractive answerer.</summary>
    public const string ExtractiveModel = "extractive";

    /// <summary>The answer, each claim followed by its citation marker [n].</summary>
    public required string Text { get; init; }

    /// <summary>The quoted passages, in the order they appear in <see cref="Text"/>.</summary>
    public IReadOnlyList<Citation> Citations { get; init; } = [];

    /// <summary>Which model produced the answer: "extractive" offline, else the chat model's name.</summary>
    public string Model { get; init; } = "extractive";

    /// <summary>False when no answer was found; <see cref="Text"/> then says so and <see cref="Reason"/> says why.</summary>
    public bool Found { get; init; }

    /// <summary>The retrieved chunks the answer was chosen from, best first.</summary>
    public IReadOnlyList<Hit> Sources { get; init; } = [];

    /// <summary>Why nothing was found (null when <see cref="Found"/> is true).</summary>
    public string? Reason { get; init; }

    /// <summary>Set when the chat model failed and the extractive answerer answered instead (<see cref="AnswerFallback.Extractive"/>): the model's error;
    /// or, for a generated answer over a table source, why it was not answered by an SQL query (<see cref="Tailor.Tables.TableAnswerer"/>).</summary>
    public string? Fallback { get; init; }

    /// <summary>Tokens the model read and wrote (null for extractive answers); estimated when the server did not say.</summary>
    public ChatUsage? Usage { get; init; }

    /// <summary>Estimated cost in US dollars (null when no price is known for the model, or offline).</summary>
    public decimal? CostUsd { get; init; }

    /// <summary>Citation numbers the model wrote that point at no source it was given; removed from <see cref="Text"/>.</summary>
    public IReadOnlyList<int> InvalidCitations { get; init; } = [];

    /// <summary>Sentences of a generated answer that carry no citation.</summary>
    public IReadOnlyList<string> Uncited { get; init; } = [];

    /// <summary>The read-only SQL query the answer was computed by, over a table source (null for answers from text).</summary>
    public string? Sql { get; init; }

    /// <summary>The result of <see cref="Sql"/> (null for answers from text).</summary>
    public TableQueryResult? Table { get; init; }

    /// <summary>An answer that says plainly that nothing was found, and why.</summary>
    public static Answer NotFound(string reason, IReadOnlyList<Hit> sources, string model = "extractive") => new()
    {
        Text = NotFoundText,
        Found = false,
        Reason = reason,
        Sources = sources,
        Model = model,
    };
}
