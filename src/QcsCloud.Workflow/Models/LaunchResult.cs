using QcsCloud.Workflow.Launchers;

namespace QcsCloud.Workflow.Models;

/// <summary>Output of <c>StartJobActivity</c>.</summary>
/// <param name="ReusedFrom">With <see cref="LaunchOutcome.AlreadySucceeded"/>: the succeeded job of another run whose outputs the
/// job's folder now holds (its job name); null when the folder's own success record was found.</param>
/// <param name="GpuHoursSaved">The GPU-hours of that source job.</param>
public sealed record LaunchResult(LaunchOutcome Outcome, JobHandle? Handle, string? Error, string? ReusedFrom = null, double GpuHoursSaved = 0);
