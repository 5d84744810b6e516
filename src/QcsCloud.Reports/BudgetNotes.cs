namespace QcsCloud.Reports;

/// <summary>GPU-hour budget of the run and what was spent, with free-text notes (preemptions, retries).</summary>
public sealed record BudgetNotes(double? GpuHoursBudget, double? GpuHoursUsed, IReadOnlyList<string> Notes);
