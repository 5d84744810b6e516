namespace QcsCloud.Reports;

/// <summary>GPU-hour budget of the run and what was spent, with free-text notes (preemptions, retries).</summary>
/// <param name="JobsStopped">Training jobs a cancel or the budget stopped (not failures); null when none.</param>
/// <param name="JobsReused">Training jobs not launched because a succeeded job of the same content key was reused; null when none.</param>
/// <param name="GpuHoursSaved">The GPU-hours those reused jobs' sources took; null when none was reused.</param>
public sealed record BudgetNotes(double? GpuHoursBudget, double? GpuHoursUsed, IReadOnlyList<string> Notes, int? JobsStopped = null,
    int? JobsReused = null, double? GpuHoursSaved = null);
