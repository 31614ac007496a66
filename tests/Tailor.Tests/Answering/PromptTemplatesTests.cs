using Tailor.Answering;
using Tailor.Testing;

namespace Tailor.Tests.Answering;

public class PromptTemplatesTests
{
    [Fact]
    public void Built_in_templates_are_embedded_and_valid()
    {
        var t = PromptTemplates.Default;
        t.Validate();
        Assert.Contains("{{not_found}}", t.System);
        Assert.DoesNotContain("{{", t.RenderSystem());
        Assert.Equal("Sources:\n\nS\n\nQuestion: Q?", t.RenderQuestion("S", "Q?"));
    }

    [Fact]
    public void Files_in_the_folder_replace_the_built_in_ones()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(Path.Combine(dir.Path, PromptTemplates.SystemFile), "Answer like a pirate, citing [n].");
        var t = PromptTemplates.Load(dir.Path);
        Assert.Equal("Answer like a pirate, citing [n].", t.RenderSystem());
        Assert.Equal(PromptTemplates.Default.Question, t.Question);
        Assert.Same(PromptTemplates.Default, PromptTemplates.Load(Path.Combine(dir.Path, "missing")));
    }

    [Fact]
    public void A_question_template_without_its_placeholders_is_refused()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(Path.Combine(dir.Path, PromptTemplates.QuestionFile), "Question: {{question}}");
        var ex = Assert.Throws<TailorException>(() => PromptTemplates.Load(dir.Path));
        Assert.Contains("{{sources}}", ex.Message);
        Assert.Contains(PromptTemplates.QuestionFile, ex.Message);
        Assert.Throws<TailorException>(() => PromptTemplates.Load(Path.Combine(dir.Path, "missing"), required: true));
    }

    [Fact]
    public void Placeholders_in_the_sources_or_the_question_are_not_expanded()
    {
        var text = PromptTemplates.Default.RenderQuestion("a source mentioning {{question}}", "what is {{sources}}?");
        Assert.Contains("a source mentioning {{question}}", text);
        Assert.EndsWith("Question: what is {{sources}}?", text);
    }
}
