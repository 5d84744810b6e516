namespace QcsCloud.Workflow.Models;

/// <summary>Output of <c>PhaseOrchestratorV2</c>: counts only.</summary>
/// <param name="Reused">Of <see cref="Succeeded"/>, the jobs reused rather than launched.</param>
/// <param name="Failed">Jobs that failed (bad input, gave up); not those a cancel or the budget stopped.</param>
/// <param name="GpuHoursSaved">GPU-hours of the jobs the reused ones stand for (their source jobs).</param>
/// <param name="Stopped">Jobs a cancel or the GPU-hour budget stopped (<c>Cancelled</c>, <c>BudgetStopped</c>).</param>
public sealed record PhaseResult(int Succeeded, int Failed, int Skipped, double GpuHours, bool BudgetExhausted, int Reused = 0, int Stopped = 0, double GpuHoursSaved = 0);
