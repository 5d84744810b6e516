namespace QcsCloud.Workflow.Api;

/// <summary>Body of <c>POST /api/runs</c>: the run id and where to follow it (relative to the API base).</summary>
/// <param name="Existing">True when the same run id with the same plan was already started (idempotent start).</param>
/// <param name="RuntimeStatus">For an existing run: its orchestration status now (Running, Completed, Failed, ...).</param>
/// <param name="Status">For an existing run that ended: its result status (<c>Completed</c> or <c>Cancelled</c>).</param>
public sealed record RunAccepted(string Id, string StatusUri, string CancelUri, string ReportUri, bool Existing,
    string? RuntimeStatus = null, string? Status = null);
