using System.ClientModel;
using System.ClientModel.Primitives;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpenAI;
using OpenAI.Files;
using OpenAI.FineTuning;
using Tailor.OpenAI.Configuration;

#pragma warning disable OPENAI001 // the SDK's fine-tuning client is marked experimental

namespace Tailor.FineTuning.Jobs;

/// <summary>
/// Files and fine-tuning jobs on an OpenAI-compatible server, through the OpenAI SDK: uploads with
/// purpose "fine-tune", job creation and lookup through <see cref="FineTuningClient"/>'s protocol
/// methods, events, cancellation and listing through the same client pipeline (auth, retries,
/// Azure routes from <see cref="OpenAiClientFactory"/>). Server errors become
/// <see cref="TailorException"/>s carrying the server's message.
/// </summary>
public sealed class FineTuningJobClient
{
    private readonly OpenAIFileClient _files;
    private readonly FineTuningClient _jobs;
    private readonly Uri _endpoint;

    public FineTuningJobClient(OpenAiSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!settings.HasServer)
            throw new TailorException("No model server is configured for fine-tuning. Set OPENAI_API_KEY (and OPENAI_BASE_URL for another OpenAI-compatible server), or the \"openai\" section of the config file.");
        var client = OpenAiClientFactory.Create(settings);
        _files = client.GetOpenAIFileClient();
        _jobs = client.GetFineTuningClient();
        _endpoint = settings.AzureEndpoint is { } azure ? new Uri(azure.AbsoluteUri.TrimEnd('/') + "/openai/") : settings.Endpoint;
        Server = settings.Endpoint.GetLeftPart(UriPartial.Authority);
    }

    /// <summary>The server's scheme, host and port, for messages.</summary>
    public string Server { get; }

    /// <summary>Uploads JSONL content as a file with purpose "fine-tune" and returns its id.</summary>
    public async Task<string> UploadAsync(BinaryData content, string fileName, CancellationToken cancellationToken = default)
    {
        try
        {
            var result = await _files.UploadFileAsync(content, fileName, FileUploadPurpose.FineTune).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            return result.Value.Id;
        }
        catch (Exception ex) when (IsTransport(ex, cancellationToken))
        {
            throw Failure($"uploading {fileName}", ex);
        }
    }

    /// <summary>Creates a job (POST fine_tuning/jobs).</summary>
    public async Task<FineTuningJobInfo> CreateAsync(FineTuningJobRequest request, CancellationToken cancellationToken = default)
    {
        var body = new JsonObject { ["model"] = request.Model, ["training_file"] = request.TrainingFileId };
        if (request.ValidationFileId != null) body["validation_file"] = request.ValidationFileId;
        if (request.Suffix != null) body["suffix"] = request.Suffix;
        if (request.Seed is { } seed) body["seed"] = seed;
        if (request.Epochs is { } epochs)
            body["method"] = new JsonObject { ["type"] = "supervised", ["supervised"] = new JsonObject { ["hyperparameters"] = new JsonObject { ["n_epochs"] = epochs } } };
        try
        {
            var operation = await _jobs.FineTuneAsync(BinaryContent.Create(BinaryData.FromString(body.ToJsonString())), false, Options(cancellationToken)).ConfigureAwait(false);
            return ParseJob(operation.GetRawResponse().Content);
        }
        catch (Exception ex) when (IsTransport(ex, cancellationToken))
        {
            throw Failure($"creating a fine-tuning job for {request.Model}", ex);
        }
    }

    /// <summary>The job's current state (GET fine_tuning/jobs/{id}).</summary>
    public async Task<FineTuningJobInfo> GetAsync(string jobId, CancellationToken cancellationToken = default)
    {
        try
        {
            var result = await _jobs.GetJobAsync(jobId, cancellationToken).ConfigureAwait(false);
            return ParseJob(result.GetRawResponse().Content);
        }
        catch (Exception ex) when (IsTransport(ex, cancellationToken))
        {
            throw Failure($"reading job {jobId}", ex);
        }
    }

    /// <summary>The most recent jobs, newest first.</summary>
    public async Task<IReadOnlyList<FineTuningJobInfo>> ListAsync(int limit = 20, CancellationToken cancellationToken = default)
    {
        using var doc = await SendAsync("GET", $"fine_tuning/jobs?limit={limit}", null, "listing fine-tuning jobs", cancellationToken).ConfigureAwait(false);
        return doc.RootElement.GetProperty("data").EnumerateArray().Select(ParseJob).ToList();
    }

    /// <summary>The job's events, oldest first (the server returns the newest <paramref name="limit"/>).</summary>
    public async Task<IReadOnlyList<FineTuningJobEvent>> EventsAsync(string jobId, int limit = 50, CancellationToken cancellationToken = default)
    {
        using var doc = await SendAsync("GET", $"fine_tuning/jobs/{Uri.EscapeDataString(jobId)}/events?limit={limit}", null, $"reading the events of job {jobId}", cancellationToken).ConfigureAwait(false);
        var events = doc.RootElement.GetProperty("data").EnumerateArray().Select(e => new FineTuningJobEvent(
            e.GetProperty("id").GetString() ?? "",
            Time(e, "created_at") ?? DateTimeOffset.UnixEpoch,
            Text(e, "level") ?? "info",
            Text(e, "message") ?? "")).ToList();
        events.Reverse();
        return events;
    }

    /// <summary>The job's checkpoints, earliest step first (GET fine_tuning/jobs/{id}/checkpoints, every page of <paramref name="pageSize"/>).</summary>
    public async Task<IReadOnlyList<FineTuningCheckpoint>> CheckpointsAsync(string jobId, int pageSize = 10, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        var checkpoints = new List<FineTuningCheckpoint>();
        string? after = null;
        for (int page = 0; page < 100; page++)
        {
            var query = $"fine_tuning/jobs/{Uri.EscapeDataString(jobId)}/checkpoints?limit={pageSize}" + (after is null ? "" : "&after=" + Uri.EscapeDataString(after));
            using var doc = await SendAsync("GET", query, null, $"reading the checkpoints of job {jobId}", cancellationToken).ConfigureAwait(false);
            var root = doc.RootElement;
            if (!root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array)
                throw new TailorException($"The server {Server} answered the checkpoints of job {jobId} without a \"data\" list; is it an OpenAI-compatible fine-tuning API?");
            foreach (var c in data.EnumerateArray())
            {
                var metrics = c.TryGetProperty("metrics", out var m) && m.ValueKind == JsonValueKind.Object ? m : default;
                double? Metric(string name) => metrics.ValueKind == JsonValueKind.Object && metrics.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;
                checkpoints.Add(new FineTuningCheckpoint(
                    Text(c, "id") ?? "",
                    Text(c, "fine_tuned_model_checkpoint") ?? "",
                    c.TryGetProperty("step_number", out var step) && step.ValueKind == JsonValueKind.Number ? step.GetInt32() : 0,
                    Time(c, "created_at"),
                    Metric("train_loss"), Metric("train_mean_token_accuracy"), Metric("valid_loss"), Metric("valid_mean_token_accuracy"),
                    Metric("full_valid_loss"), Metric("full_valid_mean_token_accuracy")));
            }
            bool more = root.TryGetProperty("has_more", out var h) && h.ValueKind == JsonValueKind.True;
            if (!more || data.GetArrayLength() == 0) break;
            after = Text(root, "last_id") ?? checkpoints[^1].Id;
        }
        return checkpoints.OrderBy(c => c.StepNumber).ToList();
    }

    /// <summary>Asks the server to cancel the job and returns its state after.</summary>
    public async Task<FineTuningJobInfo> CancelAsync(string jobId, CancellationToken cancellationToken = default)
    {
        using var doc = await SendAsync("POST", $"fine_tuning/jobs/{Uri.EscapeDataString(jobId)}/cancel", null, $"cancelling job {jobId}", cancellationToken).ConfigureAwait(false);
        return ParseJob(doc.RootElement);
    }

    /// <summary>
    /// Polls the job every <paramref name="interval"/> until it is finished, calling
    /// <paramref name="progress"/> with its state and the events not seen before; returns the final state.
    /// </summary>
    public async Task<FineTuningJobInfo> WaitAsync(string jobId, TimeSpan interval, Action<FineTuningJobInfo, IReadOnlyList<FineTuningJobEvent>> progress, CancellationToken cancellationToken = default)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            var job = await GetAsync(jobId, cancellationToken).ConfigureAwait(false);
            var events = await EventsAsync(jobId, 100, cancellationToken).ConfigureAwait(false);
            progress(job, events.Where(e => seen.Add(e.Id)).ToList());
            if (job.IsFinished) return job;
            await Task.Delay(interval, cancellationToken).ConfigureAwait(false);
        }
    }

    private static RequestOptions Options(CancellationToken cancellationToken) => new() { CancellationToken = cancellationToken };

    private async Task<JsonDocument> SendAsync(string method, string relative, BinaryData? body, string action, CancellationToken cancellationToken)
    {
        var pipeline = _jobs.Pipeline;
        using var message = pipeline.CreateMessage();
        message.Apply(Options(cancellationToken));
        message.ResponseClassifier = PipelineMessageClassifier.Create(stackalloc ushort[] { 200 });
        var request = message.Request;
        request.Method = method;
        request.Uri = new Uri(_endpoint, relative);
        request.Headers.Set("Accept", "application/json");
        if (method == "POST")
        {
            request.Headers.Set("Content-Type", "application/json");
            request.Content = BinaryContent.Create(body ?? BinaryData.FromString("{}"));
        }
        try
        {
            await pipeline.SendAsync(message).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsTransport(ex, cancellationToken))
        {
            throw Failure(action, ex);
        }
        var response = message.Response!;
        if (response.IsError) throw Failure(action, new ClientResultException(response));
        try
        {
            return JsonDocument.Parse(response.Content);
        }
        catch (JsonException ex)
        {
            throw new TailorException($"The server {Server} answered {action} with something that is not JSON ({ex.Message}); is it an OpenAI-compatible fine-tuning API?", ex);
        }
    }

    /// <summary>Errors of the request itself (HTTP status, network, timeout after retries), not the caller's cancellation.</summary>
    private static bool IsTransport(Exception ex, CancellationToken cancellationToken) =>
        ex is ClientResultException or AggregateException or HttpRequestException or IOException
        || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    private TailorException Failure(string action, Exception error)
    {
        var ex = error as ClientResultException
            ?? (error as AggregateException)?.InnerExceptions.OfType<ClientResultException>().LastOrDefault();
        if (ex is null)
        {
            var reason = error is OperationCanceledException ? "timed out" : (error as AggregateException)?.InnerExceptions.LastOrDefault()?.Message ?? error.Message;
            return new TailorException($"The server {Server} could not be reached when {action} ({reason}). Check OPENAI_BASE_URL and the network.", error);
        }
        string? detail = ServerError.MessageOf(ex);
        var status = ex.Status == 0 ? "could not be reached" : $"answered HTTP {ex.Status}";
        var hint = ex.Status switch
        {
            401 or 403 => " Check OPENAI_API_KEY.",
            404 => " Check the job or file id, and that the server supports fine-tuning.",
            0 => " Check OPENAI_BASE_URL and the network.",
            _ => "",
        };
        return new TailorException($"The server {Server} {status} when {action}: {(detail ?? ex.Message).TrimEnd('.')}.{hint}", error);
    }

    private static FineTuningJobInfo ParseJob(BinaryData content)
    {
        using var doc = JsonDocument.Parse(content);
        return ParseJob(doc.RootElement);
    }

    private static FineTuningJobInfo ParseJob(JsonElement j)
    {
        FineTuningJobError? error = null;
        if (j.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.Object && Text(e, "message") is { Length: > 0 } message)
            error = new FineTuningJobError(Text(e, "code"), message, Text(e, "param"));
        string? epochs = null;
        if (j.TryGetProperty("hyperparameters", out var h) && h.ValueKind == JsonValueKind.Object && h.TryGetProperty("n_epochs", out var n))
            epochs = n.ValueKind == JsonValueKind.String ? n.GetString() : n.GetRawText();
        long? trained = j.TryGetProperty("trained_tokens", out var t) && t.ValueKind == JsonValueKind.Number ? t.GetInt64() : null;
        return new FineTuningJobInfo(
            Text(j, "id") ?? throw new TailorException("The server returned a fine-tuning job without an id."),
            Text(j, "model") ?? "", Text(j, "status") ?? "unknown", Text(j, "fine_tuned_model"),
            Text(j, "training_file"), Text(j, "validation_file"), Time(j, "created_at"), Time(j, "finished_at"),
            trained, epochs, Text(j, "user_provided_suffix"), error);
    }

    private static string? Text(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static DateTimeOffset? Time(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? DateTimeOffset.FromUnixTimeSeconds(v.GetInt64()) : null;
}
