using System.CommandLine;

namespace Tailor.Cli.Commands;

internal static class DocsCommand
{
    public static Command Create()
    {
        var command = new Command("docs", "List, show and delete the documents of a knowledge base.");
        command.Add(List());
        command.Add(Show());
        command.Add(Delete());
        return command;
    }

    private static Command List()
    {
        var kb = CliOptions.KnowledgeBase();
        var json = CliOptions.Json();
        var prefix = new Option<string?>("--prefix") { Description = "Only documents whose id starts with this." };
        var command = new Command("list", "List documents: id, chunks, size, source.") { kb, json, prefix };
        command.SetAction(parse =>
        {
            using var kbase = KnowledgeBase.OpenExisting(CliOptions.ResolveKb(parse.GetValue(kb)));
            var docs = kbase.Documents.List(parse.GetValue(prefix));
            if (parse.GetValue(json))
            {
                CliJson.Write(new
                {
                    documents = docs.Select(d => new { document_id = d.Id, source = d.Source, title = d.Title, format = d.Format, chunks = d.ChunkCount, bytes = d.Bytes, content_hash = d.ContentHash, ingested_at = d.IngestedAt, tags = d.Tags, date = DateText(d.Date), header_row = d.HeaderRow }),
                    count = docs.Count,
                });
                return 0;
            }
            foreach (var d in docs) Console.Out.WriteLine($"{d.Id}\t{d.ChunkCount} chunks\t{d.Bytes} bytes\t{DateText(d.Date) ?? "-"}\t{(d.Tags.Count > 0 ? string.Join(',', d.Tags) : "-")}\t{d.Source}{(d.HeaderRow == false ? "\t(no header row)" : "")}");
            Console.Out.WriteLine($"{docs.Count} documents");
            return 0;
        });
        return command;
    }

    private static Command Show()
    {
        var id = new Argument<string>("ID") { Description = "Document id (see `tailor docs list`)." };
        var kb = CliOptions.KnowledgeBase();
        var json = CliOptions.Json();
        var command = new Command("show", "Show one document and its chunks.") { id, kb, json };
        command.SetAction(parse =>
        {
            using var kbase = KnowledgeBase.OpenExisting(CliOptions.ResolveKb(parse.GetValue(kb)));
            var docId = parse.GetValue(id)!;
            var doc = kbase.Documents.Get(docId) ?? throw new TailorException($"no document with id '{docId}'; list ids with `tailor docs list`.", TailorErrorKind.NotFound);
            var chunks = kbase.Documents.Chunks(docId);
            if (parse.GetValue(json))
            {
                CliJson.Write(new
                {
                    document_id = doc.Id, source = doc.Source, title = doc.Title, format = doc.Format, bytes = doc.Bytes, content_hash = doc.ContentHash, ingested_at = doc.IngestedAt, tags = doc.Tags, date = DateText(doc.Date), header_row = doc.HeaderRow,
                    chunks = chunks.Select(c => new { chunk_id = c.Id, ordinal = c.Ordinal, section = c.Section, line_start = c.LineStart, line_end = c.LineEnd, anchor = c.Anchor, tokens = c.TokenCount, text = c.Text }),
                });
                return 0;
            }
            Console.Out.WriteLine($"{doc.Id}  ({doc.Format}, {doc.Bytes} bytes, {chunks.Count} chunks)\n  title:  {doc.Title}\n  source: {doc.Source}\n  ingested: {doc.IngestedAt}\n  date:   {DateText(doc.Date) ?? "-"}\n  tags:   {(doc.Tags.Count > 0 ? string.Join(", ", doc.Tags) : "-")}"
                + (doc.HeaderRow == false ? "\n  header: none (the first row is data; columns named column 1, column 2, ...)" : ""));
            foreach (var c in chunks)
                Console.Out.WriteLine($"\n--- chunk {c.Ordinal} (id {c.Id}, {c.TokenCount} tokens, lines {c.LineStart}-{c.LineEnd}{(c.Anchor is null ? "" : ", #" + c.Anchor)}) {c.Section}\n{c.Text}");
            return 0;
        });
        return command;
    }

    private static string? DateText(DateTime? date) => date?.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    private static Command Delete()
    {
        var ids = new Argument<string[]>("ID") { Description = "Document ids to delete.", Arity = ArgumentArity.OneOrMore };
        var kb = CliOptions.KnowledgeBase();
        var json = CliOptions.Json();
        var command = new Command("delete", "Delete documents (and their chunks) from the knowledge base.") { ids, kb, json };
        command.SetAction(async (parse, ct) =>
        {
            using var kbase = KnowledgeBase.OpenExisting(CliOptions.ResolveKb(parse.GetValue(kb)));
            var wanted = parse.GetValue(ids)!.Distinct(StringComparer.Ordinal).ToList();
            var missing = wanted.Where(id => kbase.Documents.Get(id) is null).ToList();
            var deleted = await kbase.DeleteAsync(wanted, ct);
            bool asJson = parse.GetValue(json);
            string? problem = missing.Count == 0 ? null
                : $"no document with id {string.Join(", ", missing.Select(id => $"'{id}'"))}{(deleted > 0 ? " (the others were deleted)" : "")}; list ids with `tailor docs list`.";
            if (asJson)
            {
                CliJson.Write(new
                {
                    deleted,
                    requested = wanted.Count,
                    not_found = missing,
                    error = problem is null ? null : new { code = ExitCodes.Name(TailorErrorKind.NotFound), message = problem, exit_code = ExitCodes.Usage },
                });
            }
            else Console.Out.WriteLine($"{deleted} of {wanted.Count} documents deleted");
            if (problem is null) return ExitCodes.Ok;
            Console.Error.WriteLine($"tailor: {problem}");
            return ExitCodes.Usage;
        });
        return command;
    }
}
