namespace Tailor.Answering;

/// <summary>
/// The text of the prompts a generated answer is built from. Built-in defaults are embedded in the
/// library; a folder (the knowledge base's <c>prompts/</c>, or <c>--prompt-dir</c>) may hold files of
/// the same names that replace them:
/// <list type="bullet">
/// <item><c>system.md</c>: the system message (rules). Placeholder <c>{{not_found}}</c>: the sentence the
/// model should use when the sources lack the answer.</item>
/// <item><c>question.md</c>: the last user message. Placeholders <c>{{sources}}</c> (the numbered,
/// delimited sources) and <c>{{question}}</c>, both required.</item>
/// </list>
/// </summary>
public sealed record PromptTemplates
{
    /// <summary>The folder of a knowledge base that may hold template overrides.</summary>
    public const string FolderName = "prompts";

    public const string SystemFile = "system.md";
    public const string QuestionFile = "question.md";
    public const string SourcesPlaceholder = "{{sources}}";
    public const string QuestionPlaceholder = "{{question}}";
    public const string NotFoundPlaceholder = "{{not_found}}";

    /// <summary>What the model is told to say when the sources do not hold the answer.</summary>
    public const string NotFoundSentence = "The sources do not contain the answer to this question.";

    /// <summary>The system message template.</summary>
    public required string System { get; init; }

    /// <summary>The question message template.</summary>
    public required string Question { get; init; }

    /// <summary>Where each template came from ("built-in" or a file path), for messages.</summary>
    public string Origin { get; init; } = "built-in";

    /// <summary>The built-in templates.</summary>
    public static PromptTemplates Default { get; } = new()
    {
        System = ReadResource(SystemFile),
        Question = ReadResource(QuestionFile),
    };

    /// <summary>
    /// The built-in templates, each replaced by the file of the same name in <paramref name="directory"/>
    /// when there is one. A missing folder means the defaults (unless <paramref name="required"/>: then it is an error).
    /// </summary>
    public static PromptTemplates Load(string? directory, bool required = false)
    {
        if (string.IsNullOrEmpty(directory)) return Default;
        if (!Directory.Exists(directory))
        {
            if (required) throw new TailorException($"the prompt folder {directory} does not exist; create it with {SystemFile} and/or {QuestionFile}, or drop --prompt-dir.");
            return Default;
        }
        var system = ReadOverride(directory, SystemFile);
        var question = ReadOverride(directory, QuestionFile);
        if (system is null && question is null) return Default;
        var templates = new PromptTemplates
        {
            System = system ?? Default.System,
            Question = question ?? Default.Question,
            Origin = directory,
        };
        templates.Validate();
        return templates;
    }

    /// <summary>Throws <see cref="TailorException"/> when a required placeholder is missing.</summary>
    public void Validate()
    {
        foreach (var placeholder in new[] { SourcesPlaceholder, QuestionPlaceholder })
        {
            if (!Question.Contains(placeholder, StringComparison.Ordinal))
                throw new TailorException($"the prompt template {Path.Combine(Origin, QuestionFile)} lacks {placeholder}; it needs both {SourcesPlaceholder} and {QuestionPlaceholder} (see docs/CONFIG.md).");
        }
        if (string.IsNullOrWhiteSpace(System))
            throw new TailorException($"the prompt template {Path.Combine(Origin, SystemFile)} is empty; write the model's rules in it or delete it to use the built-in one.");
    }

    /// <summary>The system message.</summary>
    public string RenderSystem() => System.Replace(NotFoundPlaceholder, NotFoundSentence, StringComparison.Ordinal).Trim();

    /// <summary>The question message with the delimited sources and the question filled in.</summary>
    public string RenderQuestion(string sources, string question)
    {
        // one pass, so a question or a source containing "{{question}}" is not expanded again
        var text = Question.Trim();
        var result = new System.Text.StringBuilder(text.Length + sources.Length + question.Length);
        int at = 0;
        while (at < text.Length)
        {
            int next = text.IndexOf("{{", at, StringComparison.Ordinal);
            if (next < 0)
            {
                result.Append(text, at, text.Length - at);
                break;
            }
            result.Append(text, at, next - at);
            if (string.CompareOrdinal(text, next, SourcesPlaceholder, 0, SourcesPlaceholder.Length) == 0)
            {
                result.Append(sources);
                at = next + SourcesPlaceholder.Length;
            }
            else if (string.CompareOrdinal(text, next, QuestionPlaceholder, 0, QuestionPlaceholder.Length) == 0)
            {
                result.Append(question);
                at = next + QuestionPlaceholder.Length;
            }
            else
            {
                result.Append("{{");
                at = next + 2;
            }
        }
        return result.ToString();
    }

    private static string? ReadOverride(string directory, string name)
    {
        var path = Path.Combine(directory, name);
        if (!File.Exists(path)) return null;
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new TailorException($"cannot read the prompt template {path} ({ex.Message}).", ex);
        }
    }

    private static string ReadResource(string name)
    {
        using var stream = typeof(PromptTemplates).Assembly.GetManifestResourceStream("Tailor.Prompts." + name)
            ?? throw new InvalidOperationException("missing embedded prompt " + name);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
