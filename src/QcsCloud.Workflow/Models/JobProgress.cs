using QcsCloud.Workflow.Launchers;

namespace QcsCloud.Workflow.Models;

/// <summary>Custom status of a job orchestration: state, attempt, the running execution and the last epoch seen.</summary>
/// <param name="ReusedFrom">A reused job: the succeeded job whose outputs it holds (not launched).</param>
/// <param name="GpuHoursSaved">A reused job: the GPU-hours of its source job.</param>
public sealed record JobProgress(
    string State,
    int Attempt,
    int Failures,
    int Preemptions,
    JobHandle? Handle,
    int? Epoch = null,
    int? EpochsPlanned = null,
    double? TestAccuracy = null,
    string? LastError = null,
    string? ReusedFrom = null,
    double? GpuHoursSaved = null);
