namespace Tailor.Chat;

/// <summary>An input → output example shown to the model before the question (few-shot prompting).</summary>
/// <param name="Id">Stable id in the knowledge base's example store.</param>
/// <param name="Input">The example question or input.</param>
/// <param name="Output">The answer or output the model should imitate.</param>
/// <param name="Document">The id of the document it was drawn from (null: none); only readers of that document see it.</param>
public sealed record FewShotExample(string Id, string Input, string Output, string? Document = null);
