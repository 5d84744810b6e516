namespace QcsCloud.Workflow.Models;

/// <summary>Custom status of a run: its phase and job counts. Small on purpose (per-job detail lives on the job orchestrations).</summary>
/// <param name="JobsStopped">Training jobs a cancel or the GPU-hour budget stopped; not in <see cref="JobsFailed"/>.</param>
public sealed record RunProgress(
    RunPhase Phase,
    int JobsPlanned,
    int JobsSucceeded,
    int JobsFailed,
    int JobsSkipped,
    double GpuHours,
    bool BudgetExhausted,
    bool Cancelled = false,
    int JobsReused = 0,
    int JobsStopped = 0,
    double GpuHoursSaved = 0);
