namespace Tailor.Storage;

/// <summary>
/// One file of an ingest job kept with the job in a store that servers with their own disks share: its path relative to
/// the job's folder ('/' separated) and its bytes, so whichever server runs the job can write it into its own folder.
/// </summary>
public sealed record JobFile(string Path, byte[] Data);
