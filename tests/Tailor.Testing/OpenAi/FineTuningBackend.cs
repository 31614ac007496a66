using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Tailor.Testing.OpenAi;

/// <summary>
/// In-memory files and fine-tuning jobs of the test server. A job advances one step per GET of it:
/// validating_files → queued → running → succeeded (or failed, when scripted), with events.
/// </summary>
internal sealed class FineTuningBackend
{
    private static readonly string[] Steps = ["validating_files", "queued", "running", "succeeded"];
    private readonly ConcurrentDictionary<string, JsonObject> _files = new();
    private readonly ConcurrentDictionary<string, byte[]> _contents = new();
    private readonly ConcurrentDictionary<string, Job> _jobs = new();
    private readonly object _gate = new();
    private int _fileIds, _jobIds, _eventIds;

    public string? FailNextJob { get; set; }

    /// <summary>Full validation loss of the checkpoints a succeeding job saves, one per epoch (OpenAI keeps the last three epochs' checkpoints).</summary>
    public IReadOnlyList<double> CheckpointLosses { get; set; } = [0.92, 0.61, 0.74];

    private sealed class Job
    {
        public required JsonObject Data { get; init; }
        public List<JsonObject> Events { get; } = [];
        public string? FailMessage { get; init; }
        public long Order { get; init; }
        public List<JsonObject> Checkpoints { get; } = [];
    }

    public async Task HandleAsync(HttpContext context, string route, JsonObject? json)
    {
        var method = context.Request.Method;
        var parts = route.Split('/');
        if (parts[0] == "files")
        {
            if (method == "POST" && parts.Length == 1) { await UploadAsync(context).ConfigureAwait(false); return; }
            if (method == "GET" && parts.Length == 1)
            {
                await OpenAiTestServer.WriteJsonAsync(context, 200, List(_files.Values.OrderBy(f => f["created_at"]!.GetValue<long>()), hasMore: false)).ConfigureAwait(false);
                return;
            }
            if (parts.Length >= 2 && _files.TryGetValue(parts[1], out var file))
            {
                if (method == "GET" && parts.Length == 2) { await OpenAiTestServer.WriteJsonAsync(context, 200, file.DeepClone()).ConfigureAwait(false); return; }
                if (method == "GET" && parts.Length == 3 && parts[2] == "content")
                {
                    context.Response.ContentType = "application/octet-stream";
                    await context.Response.Body.WriteAsync(_contents[parts[1]]).ConfigureAwait(false);
                    return;
                }
                if (method == "DELETE" && parts.Length == 2)
                {
                    _files.TryRemove(parts[1], out _);
                    await OpenAiTestServer.WriteJsonAsync(context, 200, new JsonObject { ["id"] = parts[1], ["object"] = "file", ["deleted"] = true }).ConfigureAwait(false);
                    return;
                }
            }
            throw new BadRequest(404, $"No such File object: {(parts.Length > 1 ? parts[1] : "")}", "not_found", "id");
        }

        // fine_tuning/jobs[/{id}[/events|/cancel|/checkpoints]]
        if (parts.Length < 2 || parts[1] != "jobs") throw new BadRequest(404, $"Unknown request URL: {method} /v1/{route}.", "unknown_url");
        if (parts.Length == 2 && method == "POST") { await CreateAsync(context, json).ConfigureAwait(false); return; }
        if (parts.Length == 2 && method == "GET") { await ListJobsAsync(context).ConfigureAwait(false); return; }
        if (!_jobs.TryGetValue(parts[2], out var job)) throw new BadRequest(404, $"Could not find fine-tune job: {parts[2]}.", "not_found", "fine_tune_id");
        JsonNode response;
        lock (_gate)
        {
            switch (method, parts.Length > 3 ? parts[3] : "")
            {
                case ("GET", ""):
                    Advance(job);
                    response = job.Data.DeepClone();
                    break;
                case ("GET", "events"):
                    int limit = int.TryParse(context.Request.Query["limit"], out var l) ? l : 20;
                    var newest = job.Events.AsEnumerable().Reverse().ToList();
                    response = List(newest.Take(limit), hasMore: newest.Count > limit);
                    break;
                case ("POST", "cancel"):
                    var status = job.Data["status"]!.GetValue<string>();
                    if (status is "succeeded" or "failed" or "cancelled")
                        throw new BadRequest(400, $"Job {parts[2]} has already completed with status {status} and cannot be cancelled.", "invalid_state");
                    job.Data["status"] = "cancelled";
                    job.Data["finished_at"] = Now();
                    AddEvent(job, "info", "Fine-tuning job cancelled");
                    response = job.Data.DeepClone();
                    break;
                case ("GET", "checkpoints"):
                    response = CheckpointPage(job, context.Request.Query);
                    break;
                default:
                    throw new BadRequest(404, $"Unknown request URL: {method} /v1/{route}.", "unknown_url");
            }
        }
        await OpenAiTestServer.WriteJsonAsync(context, 200, response).ConfigureAwait(false);
    }

    private async Task UploadAsync(HttpContext context)
    {
        if (!context.Request.HasFormContentType) throw new BadRequest(400, "Uploads must be multipart/form-data with 'purpose' and 'file'.");
        var form = await context.Request.ReadFormAsync().ConfigureAwait(false);
        var purpose = form["purpose"].ToString();
        if (string.IsNullOrEmpty(purpose)) throw new BadRequest(400, "'purpose' is required.", param: "purpose");
        var upload = form.Files.GetFile("file") ?? throw new BadRequest(400, "'file' is required.", param: "file");
        using var buffer = new MemoryStream();
        await upload.CopyToAsync(buffer).ConfigureAwait(false);
        var id = "file-" + Interlocked.Increment(ref _fileIds).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
        var file = new JsonObject
        {
            ["id"] = id, ["object"] = "file", ["bytes"] = buffer.Length, ["created_at"] = Now(),
            ["filename"] = upload.FileName, ["purpose"] = purpose, ["status"] = "processed", ["status_details"] = null,
        };
        _contents[id] = buffer.ToArray();
        _files[id] = file;
        await OpenAiTestServer.WriteJsonAsync(context, 200, file.DeepClone()).ConfigureAwait(false);
    }

    private async Task CreateAsync(HttpContext context, JsonObject? json)
    {
        if (json is null) throw new BadRequest(400, "The request body must be a JSON object.");
        var model = json["model"]?.GetValue<string>() ?? throw new BadRequest(400, "Missing required parameter: 'model'.", param: "model");
        var training = json["training_file"]?.GetValue<string>() ?? throw new BadRequest(400, "Missing required parameter: 'training_file'.", param: "training_file");
        if (!_files.ContainsKey(training)) throw new BadRequest(400, $"invalid training_file: {training}", param: "training_file");
        var validation = json["validation_file"]?.GetValue<string>();
        if (validation != null && !_files.ContainsKey(validation)) throw new BadRequest(400, $"invalid validation_file: {validation}", param: "validation_file");
        var id = "ftjob-" + Interlocked.Increment(ref _jobIds).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
        var hyper = json["hyperparameters"] as JsonObject ?? json["method"]?["supervised"]?["hyperparameters"] as JsonObject;
        JsonNode? Hyper(string name) => hyper?[name]?.DeepClone() ?? JsonValue.Create("auto");
        var data = new JsonObject
        {
            ["object"] = "fine_tuning.job", ["id"] = id, ["model"] = model, ["created_at"] = Now(),
            ["finished_at"] = null, ["fine_tuned_model"] = null, ["organization_id"] = "org-tailor-test",
            ["result_files"] = new JsonArray(), ["status"] = Steps[0], ["validation_file"] = validation,
            ["training_file"] = training,
            ["hyperparameters"] = new JsonObject { ["n_epochs"] = Hyper("n_epochs"), ["batch_size"] = Hyper("batch_size"), ["learning_rate_multiplier"] = Hyper("learning_rate_multiplier") },
            ["trained_tokens"] = null, ["error"] = null, ["user_provided_suffix"] = json["suffix"]?.DeepClone(),
            ["seed"] = json["seed"]?.DeepClone() ?? 42, ["estimated_finish"] = null, ["integrations"] = new JsonArray(),
            ["method"] = new JsonObject { ["type"] = "supervised" },
        };
        var job = new Job { Data = data, FailMessage = FailNextJob, Order = _jobIds };
        FailNextJob = null;
        lock (_gate) AddEvent(job, "info", $"Created fine-tuning job: {id}");
        _jobs[id] = job;
        await OpenAiTestServer.WriteJsonAsync(context, 200, data.DeepClone()).ConfigureAwait(false);
    }

    private async Task ListJobsAsync(HttpContext context)
    {
        int limit = int.TryParse(context.Request.Query["limit"], out var l) ? l : 20;
        var after = context.Request.Query["after"].ToString();
        var all = _jobs.Values.OrderByDescending(j => j.Order).ToList();
        if (!string.IsNullOrEmpty(after))
        {
            int at = all.FindIndex(j => j.Data["id"]!.GetValue<string>() == after);
            all = at < 0 ? [] : all.Skip(at + 1).ToList();
        }
        JsonObject response;
        lock (_gate) response = List(all.Take(limit).Select(j => j.Data), hasMore: all.Count > limit);
        await OpenAiTestServer.WriteJsonAsync(context, 200, response).ConfigureAwait(false);
    }

    private void Advance(Job job)
    {
        var status = job.Data["status"]!.GetValue<string>();
        int step = Array.IndexOf(Steps, status);
        if (step < 0 || step == Steps.Length - 1) return;
        if (Steps[step] == "running" && job.FailMessage != null)
        {
            job.Data["status"] = "failed";
            job.Data["finished_at"] = Now();
            job.Data["error"] = new JsonObject { ["code"] = "invalid_training_file", ["message"] = job.FailMessage, ["param"] = "training_file" };
            AddEvent(job, "error", job.FailMessage);
            return;
        }
        var next = Steps[step + 1];
        job.Data["status"] = next;
        switch (next)
        {
            case "queued": AddEvent(job, "info", "Files validated, moving job to queued state"); break;
            case "running":
                AddEvent(job, "info", "Fine-tuning job started");
                AddEvent(job, "info", "Step 1/3: training loss=1.20");
                break;
            case "succeeded":
                var id = job.Data["id"]!.GetValue<string>();
                job.Data["fine_tuned_model"] = $"ft:{job.Data["model"]!.GetValue<string>()}:tailor::{id["ftjob-".Length..]}";
                job.Data["finished_at"] = Now();
                job.Data["trained_tokens"] = 1234;
                SaveCheckpoints(job, id);
                AddEvent(job, "info", "New fine-tuned model created");
                AddEvent(job, "info", "The job has successfully completed");
                break;
        }
    }

    /// <summary>One checkpoint per epoch, as OpenAI's wire format has them: step, model id "…:ckpt-step-N", metrics.</summary>
    private void SaveCheckpoints(Job job, string id)
    {
        var model = job.Data["fine_tuned_model"]!.GetValue<string>();
        const int stepsPerEpoch = 10;
        for (int epoch = 0; epoch < CheckpointLosses.Count; epoch++)
        {
            int step = (epoch + 1) * stepsPerEpoch;
            double loss = CheckpointLosses[epoch];
            var metrics = new JsonObject
            {
                ["step"] = step, ["train_loss"] = Math.Round(loss * 0.8, 4), ["train_mean_token_accuracy"] = Math.Round(1 - loss / 2, 4),
                ["valid_loss"] = Math.Round(loss * 1.05, 4), ["valid_mean_token_accuracy"] = Math.Round(1 - loss / 2 - 0.01, 4),
                ["full_valid_loss"] = loss, ["full_valid_mean_token_accuracy"] = Math.Round(1 - loss / 2, 4),
            };
            job.Checkpoints.Add(new JsonObject
            {
                ["object"] = "fine_tuning.job.checkpoint", ["id"] = $"ftckpt_{id["ftjob-".Length..]}_{step}", ["created_at"] = Now(),
                ["fine_tuned_model_checkpoint"] = $"{model}:ckpt-step-{step}",
                ["metrics"] = metrics, ["fine_tuning_job_id"] = id, ["step_number"] = step,
            });
        }
    }

    /// <summary>Checkpoints newest first, paged by <c>after</c> and <c>limit</c> (default 10), with first_id/last_id.</summary>
    private static JsonObject CheckpointPage(Job job, IQueryCollection query)
    {
        int limit = int.TryParse(query["limit"], out var l) ? l : 10;
        var all = job.Checkpoints.AsEnumerable().Reverse().ToList();
        var after = query["after"].ToString();
        if (!string.IsNullOrEmpty(after))
        {
            int at = all.FindIndex(c => c["id"]!.GetValue<string>() == after);
            all = at < 0 ? [] : all.Skip(at + 1).ToList();
        }
        var page = all.Take(limit).ToList();
        var list = List(page, hasMore: all.Count > limit);
        list["first_id"] = page.Count > 0 ? page[0]["id"]!.DeepClone() : null;
        list["last_id"] = page.Count > 0 ? page[^1]["id"]!.DeepClone() : null;
        return list;
    }

    private void AddEvent(Job job, string level, string message) => job.Events.Add(new JsonObject
    {
        ["object"] = "fine_tuning.job.event", ["id"] = "ftevent-" + Interlocked.Increment(ref _eventIds),
        ["created_at"] = Now(), ["level"] = level, ["message"] = message, ["data"] = new JsonObject(), ["type"] = "message",
    });

    private static JsonObject List(IEnumerable<JsonObject> items, bool hasMore) => new()
    {
        ["object"] = "list",
        ["data"] = new JsonArray(items.Select(i => (JsonNode)i.DeepClone()).ToArray()),
        ["has_more"] = hasMore,
    };

    private static long Now() => DateTimeOffset.UtcNow.ToUnixTimeSeconds();
}
