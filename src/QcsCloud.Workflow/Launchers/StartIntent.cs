namespace QcsCloud.Workflow.Launchers;

/// <summary>
/// The record <c>start-intent.&lt;job&gt;.json</c> in a job's output folder: which delivery of a start activity claimed
/// the launch of this job (written with an ETag condition, so one claimant wins), when, and the execution it started.
/// </summary>
public sealed record StartIntent(string JobName, string ClaimId, DateTimeOffset ClaimedUtc, string? ExecutionName);
