using System.CommandLine;

namespace Tailor.Cli.Commands;

internal static class CheckCommand
{
    public static Command Create()
    {
        var kb = CliOptions.KnowledgeBase();
        var json = CliOptions.Json();
        var repair = new Option<bool>("--repair") { Description = "Rebuild derived data when it is stale or damaged: the lexical and vector indexes, and the embeddings of chunks that have none." };
        var command = new Command("check", "Verify the knowledge base: format, database integrity, orphaned chunks, checksums, lexical index vs database, missing embeddings. Exits 3 when it finds a problem.") { kb, json, repair };
        command.SetAction(parse =>
        {
            using var kbase = KnowledgeBase.OpenExisting(CliOptions.ResolveKb(parse.GetValue(kb)), EmbedderHost.Resolve());
            var report = kbase.Check(parse.GetValue(repair));
            if (parse.GetValue(json))
            {
                CliJson.Write(new
                {
                    ok = report.Ok,
                    kb = kbase.Directory,
                    format_version = report.FormatVersion,
                    documents = report.Documents,
                    chunks = report.Chunks,
                    generation = report.Generation,
                    lexical_snapshot_current = report.LexicalSnapshotCurrent,
                    embedded_chunks = report.Embedded,
                    missing_embeddings = report.MissingEmbeddings,
                    embedder = (kbase.Options.Embedder ?? Tailor.Embedding.EmbedderInfo.Builtin) is var e ? new { kind = e.Kind, model = e.Model, dimensions = e.Dimensions } : null,
                    problems = report.Problems,
                    repaired = report.Repaired,
                });
            }
            else
            {
                Console.Out.WriteLine($"{kbase.Directory}: format {report.FormatVersion}, {report.Documents} documents, {report.Chunks} chunks ({report.Embedded} embedded by {(kbase.Options.Embedder ?? Tailor.Embedding.EmbedderInfo.Builtin).Describe()}), lexical index {(report.LexicalSnapshotCurrent ? "current" : "stale (rebuilt on next use)")}");
                foreach (var r in report.Repaired) Console.Out.WriteLine("repaired: " + r);
                foreach (var p in report.Problems) Console.Out.WriteLine("PROBLEM: " + p);
                Console.Out.WriteLine(report.Ok ? "ok" : $"{report.Problems.Count} problem(s) found");
            }
            return report.Ok ? ExitCodes.Ok : ExitCodes.Damaged;
        });
        return command;
    }
}
