using System.CommandLine;

namespace Tailor.Cli.Commands;

internal static class MigrateCommand
{
    public static Command Create()
    {
        var kb = CliOptions.KnowledgeBase();
        var json = CliOptions.Json();
        var to = new Option<string>("--to") { Description = "The empty PostgreSQL database to copy into: postgresql://user:pass@host:port/db or Npgsql keywords.", Required = true };
        var into = new Option<string?>("--into") { Description = "Folder of the migrated knowledge base (its manifest and derived indexes); default: the knowledge base folder + \"-postgres\"." };
        var command = new Command("migrate", "Copy an embedded knowledge base into PostgreSQL (documents, chunks, vectors, models, examples, sessions, keys; nothing re-embedded) and check both.") { kb, json, to, into };
        command.SetAction(async (parse, ct) =>
        {
            var dir = CliOptions.ResolveKb(parse.GetValue(kb));
            var target = parse.GetValue(into) ?? dir.TrimEnd('/', '\\') + "-postgres";
            using var source = KnowledgeBase.OpenExisting(dir, EmbedderHost.Resolve());
            new Tailor.Server.Access.KeyStore(dir, Console.Error.WriteLine).Dispose(); // a keys.json beside it is taken into its store first, so the keys are copied too
            var result = await source.MigrateAsync(target, parse.GetValue(to)!, ct);
            var before = source.Check();
            Environment.SetEnvironmentVariable(KnowledgeBase.DatabaseVariable, parse.GetValue(to)); // the password for reopening the copy
            using var copy = KnowledgeBase.OpenExisting(result.Directory, EmbedderHost.Resolve());
            var after = copy.Check();
            bool ok = before.Ok && after.Ok && before.Documents == after.Documents && before.Chunks == after.Chunks && before.Embedded == after.Embedded;
            if (parse.GetValue(json))
                CliJson.Write(new { ok, kb = result.Directory, database = result.Database, documents = result.Documents, chunks = result.Chunks, embeddings = result.Embeddings, examples = result.Examples, sessions = result.Sessions, keys = result.Keys, problems = before.Problems.Concat(after.Problems) });
            else
            {
                Console.Out.WriteLine($"copied {result.Documents} documents, {result.Chunks} chunks, {result.Embeddings} vectors, {result.Examples} examples, {result.Sessions} sessions, {result.Keys} keys into {result.Database}; knowledge base folder {result.Directory}");
                foreach (var p in before.Problems) Console.Out.WriteLine($"PROBLEM ({dir}): {p}");
                foreach (var p in after.Problems) Console.Out.WriteLine($"PROBLEM ({result.Directory}): {p}");
                if (before.Embedded != after.Embedded) Console.Out.WriteLine($"PROBLEM: {before.Embedded} chunks embedded in {dir}, {after.Embedded} in the copy");
                Console.Out.WriteLine(ok ? "ok: tailor check passes on both" : "the copy does not match; see the problems above");
            }
            return ok ? 0 : 1;
        });
        return command;
    }
}
