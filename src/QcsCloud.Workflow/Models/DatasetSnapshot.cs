namespace QcsCloud.Workflow.Models;

/// <summary>
/// Output of <c>SnapshotDatasetActivity</c>: the content hash of <c>datasets/&lt;name&gt;/</c> (names, sizes, MD5s) and the
/// staging folder it maps to; <see cref="Error"/> when the dataset cannot be staged (no blobs).
/// </summary>
public sealed record DatasetSnapshot(
    string Dataset,
    string? ContentHash,
    int FileCount,
    long TotalBytes,
    string? DatasetUri,
    string? StagingUri,
    bool AlreadyStaged,
    string? Error);
