using System.Text.Json;
using Tailor.Ingestion;
using Tailor.Server.Access;
using Tailor.Server.Api.Contracts;
using Tailor.Server.Hosting;
using Tailor.Server.Http;
using Tailor.Server.Uploads;

namespace Tailor.Server.Api;

/// <summary>
/// Documents: upload (multipart <c>files</c>, or JSON <c>{id, text, tags}</c>) answered 202 with a job at once, the
/// files saved under the job's folder and the job committed to the durable queue before the answer; list (paged),
/// get, delete.
/// </summary>
public static class DocumentEndpoints
{
    public sealed record Accepted(string JobId, string Status, IReadOnlyList<string> Files, string Location);

    public sealed record DocumentPage(IReadOnlyList<DocumentJson> Documents, long Count, string? Next);

    public sealed record DocumentWithChunks(DocumentJson Document, IReadOnlyList<ChunkJson> Chunks);

    public sealed record ChunkJson(long ChunkId, int Ordinal, string Section, int LineStart, int LineEnd, string? Anchor, int Tokens, string Text);

    public static void Map(RouteGroupBuilder kbs)
    {
        kbs.MapPost("/{kb}/documents", UploadAsync)
            .Accepts<TextDocumentRequest>("application/json", "multipart/form-data")
            .Produces<Accepted>(202)
            .WithSummary("Add documents: multipart files (repeated field \"files\", optional \"tags\") or one JSON text document; answered 202 with a job id.");

        kbs.MapGet("/{kb}/documents", (HttpContext context, string kb, string? limit, string? after, string? prefix) =>
        {
            var knowledgeBase = KnowledgeBaseAccess.Open(context, kb, KeyScope.Read);
            int take = 100;
            if (limit != null && (!int.TryParse(limit, out take) || take < 1 || take > 10_000))
                throw ServerException.BadRequest($"query parameter \"limit\" is \"{limit}\"; use a number from 1 to 10000.");
            var caller = Caller.Of(context);
            var all = knowledgeBase.Documents.List(prefix).Where(d => caller.MayRead(d.Tags)).ToList();
            var page = all.Where(d => after is null || string.CompareOrdinal(d.Id, after) > 0).OrderBy(d => d.Id, StringComparer.Ordinal).Take(take + 1).ToList();
            var documents = new List<DocumentJson>();
            if (after is null)
            {
                foreach (var job in knowledgeBase.Jobs.Pending().Where(j => caller.MayRead(j.Tags)))
                    foreach (var file in job.Files)
                        documents.Add(new DocumentJson(file, job.Status.ToString().ToLowerInvariant(), null, null, null, null, null, null, null, job.Tags, null, job.Id));
            }
            documents.AddRange(page.Take(take).Select(DocumentJson.From));
            return Results.Json(new DocumentPage(documents, all.Count, page.Count > take ? page[take - 1].Id : null), ServerJson.Options);
        })
        .Produces<DocumentPage>()
        .WithSummary("List documents (paged: ?limit=N&after=ID), each with its id and status; documents still queued come first.");

        kbs.MapGet("/{kb}/documents/{**id}", (HttpContext context, string kb, string id) =>
        {
            var knowledgeBase = KnowledgeBaseAccess.Open(context, kb, KeyScope.Read);
            var doc = knowledgeBase.Documents.Get(id) is { } found && Caller.Of(context).MayRead(found.Tags) ? found : throw NoDocument(kb, id);
            var chunks = knowledgeBase.Documents.Chunks(id).Select(c => new ChunkJson(c.Id, c.Ordinal, c.Section, c.LineStart, c.LineEnd, c.Anchor, c.TokenCount, c.Text)).ToList();
            return Results.Json(new DocumentWithChunks(DocumentJson.From(doc), chunks), ServerJson.Options);
        })
        .Produces<DocumentWithChunks>()
        .WithSummary("One document and its chunks.");

        kbs.MapDelete("/{kb}/documents/{**id}", async (HttpContext context, string kb, string id, CancellationToken ct) =>
        {
            var served = KnowledgeBaseAccess.Served(context, kb, KeyScope.Write);
            if (served.Open.Documents.Get(id) is { } doc && !Caller.Of(context).MayRead(doc.Tags)) throw NoDocument(kb, id); // as if it did not exist
            await served.WriteGate.WaitAsync(ct);
            int deleted;
            try { deleted = await served.Open.DeleteAsync([id], ct); }
            finally { served.WriteGate.Release(); }
            if (deleted == 0) throw NoDocument(kb, id);
            return Results.Json(new { deleted = id }, ServerJson.Options);
        })
        .WithSummary("Delete a document and its chunks.");
    }

    private static async Task<IResult> UploadAsync(HttpContext context, string kb, IngestWorker worker, CancellationToken ct)
    {
        var knowledgeBase = KnowledgeBaseAccess.Open(context, kb, KeyScope.Write);
        var request = context.Request;
        string id = IngestJobQueue.NewId();
        List<string> files;
        List<string> tags;
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(ct);
            var parts = form.Files.GetFiles("files");
            if (parts.Count == 0)
                throw ServerException.BadRequest("field \"files\" is missing: send one or more files in the repeated multipart form field \"files\".");
            files = parts.Select(p => UploadName.Validate(p.FileName)).ToList();
            if (files.GroupBy(f => f, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
                throw ServerException.BadRequest($"field \"files\": the file name \"{twice.Key}\" is sent twice; send each file once.");
            tags = [.. Tags(form["tags"].Where(t => t != null).Select(t => t!)), .. Documents.AccessGroups.Tags(Tags(form["acl"].Where(t => t != null).Select(t => t!)))];
            var folder = knowledgeBase.Jobs.FolderFor(id);
            try
            {
                for (int i = 0; i < parts.Count; i++)
                {
                    var path = UploadName.PathUnder(folder, files[i]);
                    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                    await using var target = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
                    await parts[i].CopyToAsync(target, ct);
                    target.Flush(flushToDisk: true);
                }
            }
            catch
            {
                Directory.Delete(folder, recursive: true); // never acknowledged: leave nothing behind
                throw;
            }
        }
        else
        {
            var text = await JsonBody.ReadAsync<TextDocumentRequest>(request, ct: ct);
            if (string.IsNullOrWhiteSpace(text.Id) || text.Id.Length > 500 || text.Id.Any(char.IsControl))
                throw ServerException.BadRequest($"field \"id\" is \"{text.Id}\"; use 1 to 500 printable characters.");
            if (string.IsNullOrWhiteSpace(text.Text)) throw ServerException.BadRequest("field \"text\" is empty; send the document's text.");
            files = [text.Id];
            tags = [.. Tags(text.Tags ?? []), .. Documents.AccessGroups.Tags(text.Acl ?? [])];
            var folder = knowledgeBase.Jobs.FolderFor(id);
            var line = JsonSerializer.Serialize(new Dictionary<string, string> { ["id"] = text.Id, ["title"] = text.Title ?? text.Id, ["text"] = text.Text });
            await using var target = new FileStream(Path.Combine(folder, "document.jsonl"), FileMode.CreateNew, FileAccess.Write, FileShare.None);
            await target.WriteAsync(System.Text.Encoding.UTF8.GetBytes(line + "\n"), ct);
            target.Flush(flushToDisk: true);
        }
        var job = knowledgeBase.Jobs.Enqueue(id, files, tags);
        worker.Wake();
        var location = $"/api/kbs/{kb}/jobs/{job.Id}";
        context.Response.Headers.Location = location;
        return Results.Json(new Accepted(job.Id, "queued", files, location), ServerJson.Options, statusCode: 202);
    }

    private static ServerException NoDocument(string kb, string id) =>
        ServerException.NotFound($"no document has id \"{id}\" in \"{kb}\"; GET /api/kbs/{kb}/documents lists them.");

    private static List<string> Tags(IEnumerable<string> raw) =>
        raw.SelectMany(t => t.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Distinct(StringComparer.Ordinal).ToList();
}
