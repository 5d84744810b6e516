namespace QcsCloud.Workflow.Models;

/// <summary>Custom status of a phase orchestration.</summary>
/// <param name="Failed">Jobs that failed (bad input, gave up); not those a cancel or the budget stopped.</param>
/// <param name="Stopped">Jobs a cancel or the GPU-hour budget stopped (<c>Cancelled</c>, <c>BudgetStopped</c>): neither failed nor succeeded.</param>
public sealed record PhaseProgress(int Planned, int Running, int Succeeded, int Failed, int Skipped, double GpuHours, bool BudgetExhausted, bool Cancelled = false, int Stopped = 0, int Reused = 0, double GpuHoursSaved = 0);
