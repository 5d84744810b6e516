namespace QcsCloud.Core;

/// <summary>
/// How one job of a run ended: written by the workflow next to the job's outputs
/// (<see cref="RunLayout.OutcomeFile"/>) and read back by the report. Small; the metrics stay in <c>metrics.json</c>.
/// </summary>
/// <param name="Phase">Null for staging jobs.</param>
/// <param name="Seed">Null for staging jobs.</param>
/// <param name="Attempts">Launches, preemptions included.</param>
/// <param name="Preemptions">Launches that ended with exit 130 (resumed; not failures).</param>
/// <param name="GpuHours">Wall-clock hours of its training attempts on the orchestration clock (0 for staging).</param>
/// <param name="OutputUri">Folder with the job's checkpoints, metrics and completion record.</param>
/// <param name="ReusedFrom">Set when the job was not launched: its outputs were copied from this succeeded job of the same
/// content key (its job name; its folder is in <c>reused-from.json</c>); null for a job that ran.</param>
/// <param name="GpuHoursSaved">For a reused job, the GPU-hours its source job took (what the reuse saved).</param>
public sealed record JobOutcome(
    string JobName,
    JobKind Kind,
    string Dataset,
    TrainPhase? Phase,
    int? Seed,
    JobOutcomeState State,
    int Attempts,
    int Preemptions,
    string? Error,
    double GpuHours,
    string OutputUri,
    string? ReusedFrom = null,
    double? GpuHoursSaved = null);
