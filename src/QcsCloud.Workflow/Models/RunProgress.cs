namespace QcsCloud.Workflow.Models;

/// <summary>Custom status of a run: its phase and job counts. Small on purpose (per-job detail lives on the job orchestrations).</summary>
public sealed record RunProgress(
    RunPhase Phase,
    int JobsPlanned,
    int JobsSucceeded,
    int JobsFailed,
    int JobsSkipped,
    double GpuHours,
    bool BudgetExhausted,
    bool Cancelled = false,
    int JobsReused = 0);
