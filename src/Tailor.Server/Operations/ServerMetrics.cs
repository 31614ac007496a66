using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Tailor.Server.Operations;

/// <summary>
/// The server's own metrics (meter <c>Tailor.Server</c>) and spans (activity source of the same name), exported with ASP.NET Core's request metrics at <c>/metrics</c>:
/// documents ingested and failed, the ingest queue length, answers, answer tokens and cost.
/// </summary>
public sealed class ServerMetrics : IDisposable
{
    public const string MeterName = "Tailor.Server";

    /// <summary>Spans of ingest jobs and answers (exported with the request spans when OTLP is configured).</summary>
    public static readonly ActivitySource Activities = new(MeterName);

    private readonly Meter _meter = new(MeterName);
    private readonly Counter<long> _ingested;
    private readonly Counter<long> _failed;
    private readonly Counter<long> _answers;
    private readonly Counter<long> _tokens;
    private readonly Counter<double> _cost;

    public ServerMetrics(Func<long> queueLength)
    {
        _ingested = _meter.CreateCounter<long>("tailor.ingest.documents", "{document}", "Documents added or updated by ingest jobs.");
        _failed = _meter.CreateCounter<long>("tailor.ingest.failures", "{file}", "Files an ingest job could not ingest.");
        _answers = _meter.CreateCounter<long>("tailor.answers", "{answer}", "Answers given (ask, session turns, chat completions).");
        _tokens = _meter.CreateCounter<long>("tailor.answer.tokens", "{token}", "Chat model tokens used by answers.");
        _cost = _meter.CreateCounter<double>("tailor.answer.cost", "USD", "Estimated cost of the chat model's answers.");
        _meter.CreateObservableGauge("tailor.ingest.queue_length", queueLength, "{job}", "Ingest jobs queued or running.");
    }

    public void Ingested(string kb, int documents, int failures)
    {
        var tag = new KeyValuePair<string, object?>("kb", kb);
        _ingested.Add(documents, tag);
        if (failures > 0) _failed.Add(failures, tag);
    }

    public void Answered(string kb, Answering.Answer answer)
    {
        var tag = new KeyValuePair<string, object?>("kb", kb);
        _answers.Add(1, tag, new KeyValuePair<string, object?>("model", answer.Model));
        if (answer.Usage is { } usage) _tokens.Add(usage.InputTokens + usage.OutputTokens, tag);
        if (answer.CostUsd is { } cost) _cost.Add((double)cost, tag);
    }

    public void Dispose() => _meter.Dispose();
}
