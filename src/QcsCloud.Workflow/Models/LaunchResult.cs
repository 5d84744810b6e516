using QcsCloud.Workflow.Launchers;

namespace QcsCloud.Workflow.Models;

/// <summary>Output of <c>StartJobActivity</c>.</summary>
public sealed record LaunchResult(LaunchOutcome Outcome, JobHandle? Handle, string? Error);
