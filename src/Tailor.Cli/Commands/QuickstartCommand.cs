using System.CommandLine;
using System.Text.Json;
using Tailor.Ingestion;

namespace Tailor.Cli.Commands;

internal static class QuickstartCommand
{
    public static Command Create()
    {
        var kb = new Option<string?>("--kb") { Description = "Folder for the sample knowledge base (default: a new temporary folder, deleted afterwards unless --keep)." };
        var keep = new Option<bool>("--keep") { Description = "Keep the sample knowledge base and print its folder, to try `tailor search` and `tailor ask` on it." };
        var json = CliOptions.Json();
        var command = new Command("quickstart", "Ingest the bundled sample corpus (a company handbook and a product guide) and answer three questions with citations.") { kb, keep, json };
        command.SetAction(async (parse, ct) =>
        {
            var samples = SamplesFolder();
            var explicitKb = parse.GetValue(kb);
            var dir = explicitKb is null ? Path.Combine(Path.GetTempPath(), "tailor-quickstart-" + Guid.NewGuid().ToString("N")[..8]) : Path.GetFullPath(explicitKb);
            bool keepIt = parse.GetValue(keep) || explicitKb is not null;
            bool asJson = parse.GetValue(json);
            KnowledgeBaseFolder.EnsureCanHold(dir, force: false);
            try
            {
                using var kbase = KnowledgeBase.Open(dir, embedder: EmbedderHost.Resolve());
                if (!asJson) Console.Out.WriteLine($"Ingesting the sample corpus ({samples}) into {dir} ...");
                var ingest = await kbase.IngestAsync([samples], new IngestOptions { Exclude = [QuestionsFile] }, null, ct);
                if (!asJson)
                    Console.Out.WriteLine($"{ingest.Documents} documents, {ingest.Chunks} chunks in {ingest.Seconds:F2}s ({kbase.TokenCounter.Name} token counts).");
                var answers = new List<object>();
                foreach (var question in Questions(samples).Take(3))
                {
                    var answer = await kbase.AskAsync(question, null, ct);
                    if (asJson)
                    {
                        answers.Add(new { question, result = AnswerJson.From(answer) });
                        continue;
                    }
                    Console.Out.WriteLine();
                    Console.Out.WriteLine($"Q: {question}");
                    AskCommand.Print(answer);
                }
                if (asJson)
                {
                    CliJson.Write(new { kb = dir, kept = keepIt, documents = ingest.Documents, chunks = ingest.Chunks, failed = ingest.Failed, answers });
                }
                else
                {
                    Console.Out.WriteLine();
                    Console.Out.WriteLine(keepIt
                        ? $"The sample knowledge base is kept in {dir}. Try: tailor ask \"How do I reset the device?\" --kb {dir}"
                        : "Done. Run `tailor quickstart --keep` to keep the sample knowledge base, or `tailor ingest YOUR_FOLDER` to use your own documents.");
                }
                return ingest.Failed > 0 ? 1 : 0;
            }
            finally
            {
                if (!keepIt)
                {
                    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                    try { Directory.Delete(dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
                }
            }
        });
        return command;
    }

    /// <summary>The demo questions (with their expected sources and answers), kept beside the corpus but not ingested.</summary>
    internal const string QuestionsFile = "questions.jsonl";

    internal static string SamplesFolder()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "samples", "quickstart");
        if (!Directory.Exists(folder))
            throw new TailorException($"the bundled sample corpus is missing ({folder}); reinstall Tailor or run it from a build of the repository.");
        return folder;
    }

    internal static IEnumerable<string> Questions(string samples)
    {
        var path = Path.Combine(samples, QuestionsFile);
        foreach (var line in File.ReadLines(path))
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            using var doc = JsonDocument.Parse(line);
            yield return doc.RootElement.GetProperty("question").GetString()!;
        }
    }
}
