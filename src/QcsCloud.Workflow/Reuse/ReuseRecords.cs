namespace QcsCloud.Workflow.Reuse;

/// <summary><c>content-key.json</c> in a job's folder: the key and what it hashes.</summary>
public sealed record ContentKeyRecord(string Key, JobContentKey Inputs);

/// <summary>
/// <c>checkpoints/_reuse/&lt;key&gt;.json</c>: the succeeded job whose outputs a job of the same key may reuse.
/// </summary>
/// <param name="OutputUri">The source job's folder (checkpoints, metrics, completion record).</param>
/// <param name="GpuHours">What the source job cost: what a reuse saves.</param>
public sealed record ReuseIndexEntry(string Key, string OutputUri, string JobName, string? RunId, double GpuHours, DateTimeOffset IndexedUtc);

/// <summary><c>reused-from.json</c> in a reused job's folder: where its outputs were copied from and the GPU-hours that saved.</summary>
public sealed record ReusedFrom(string Key, string SourceOutputUri, string SourceJobName, string? SourceRunId, double GpuHoursSaved, DateTimeOffset ReusedUtc);
