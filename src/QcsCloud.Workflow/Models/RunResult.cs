namespace QcsCloud.Workflow.Models;

/// <summary>Output of a run: counts and where the report is; the details are in the report and the outcome records.</summary>
/// <param name="Status"><c>Completed</c> (maybe with failures listed in the report) or <c>Cancelled</c> (cancelled through the API;
/// the report lists what finished). A run with nothing usable fails instead (runtime status Failed).</param>
/// <param name="GpuHoursSaved">GPU-hours the reused jobs did not spend: those of the succeeded jobs they reused.</param>
/// <param name="JobsStopped">Training jobs a cancel or the GPU-hour budget stopped (<c>Cancelled</c>, <c>BudgetStopped</c>); not in <see cref="JobsFailed"/>.</param>
/// <param name="JobsReused">Of <see cref="JobsSucceeded"/>, training jobs reused (a success record of the same spec) rather than launched.</param>
public sealed record RunResult(
    string RunId,
    string Status,
    int JobsSucceeded,
    int JobsFailed,
    int JobsSkipped,
    double GpuHours,
    bool BudgetExhausted,
    string? BestPretrain,
    string? ReportUri,
    int JobsReused = 0,
    int JobsStopped = 0,
    double GpuHoursSaved = 0);
