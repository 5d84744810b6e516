namespace QcsCloud.Workflow.Api;

/// <summary>Body of <c>POST /api/runs</c>: the run id and where to follow it (relative to the API base).</summary>
/// <param name="Existing">True when the same run id with the same plan was already started (idempotent start).</param>
public sealed record RunAccepted(string Id, string StatusUri, string CancelUri, string ReportUri, bool Existing);
