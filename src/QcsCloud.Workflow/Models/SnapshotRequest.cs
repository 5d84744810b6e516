namespace QcsCloud.Workflow.Models;

/// <summary>Input of <c>SnapshotDatasetActivity</c>.</summary>
public sealed record SnapshotRequest(string Dataset);
