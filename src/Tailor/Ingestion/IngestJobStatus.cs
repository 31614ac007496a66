namespace Tailor.Ingestion;

/// <summary>Where an ingest job is: accepted and waiting, being ingested, finished, or failed as a whole.</summary>
public enum IngestJobStatus
{
    Queued,
    Running,
    Done,
    Failed,
}
