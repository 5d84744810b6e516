namespace QcsCloud.Workflow.Models;

/// <summary>Output of a run: counts and where the report is; the details are in the report and the outcome records.</summary>
/// <param name="Status"><c>Completed</c> (maybe with failures listed in the report) or <c>Failed</c> (nothing usable).</param>
public sealed record RunResult(
    string RunId,
    string Status,
    int JobsSucceeded,
    int JobsFailed,
    int JobsSkipped,
    double GpuHours,
    bool BudgetExhausted,
    string? BestPretrain,
    string? ReportUri);
