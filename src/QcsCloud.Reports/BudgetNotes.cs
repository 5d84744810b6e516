namespace QcsCloud.Reports;

/// <summary>GPU-hour budget of the run and what was spent, with free-text notes (preemptions, retries).</summary>
/// <param name="JobsStopped">Training jobs a cancel or the budget stopped (not failures); null when none.</param>
public sealed record BudgetNotes(double? GpuHoursBudget, double? GpuHoursUsed, IReadOnlyList<string> Notes, int? JobsStopped = null);
