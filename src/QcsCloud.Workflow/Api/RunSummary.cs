namespace QcsCloud.Workflow.Api;

/// <summary>One row of <c>GET /api/runs</c>.</summary>
public sealed record RunSummary(string Id, string RuntimeStatus, DateTimeOffset CreatedAt, DateTimeOffset LastUpdatedAt);
