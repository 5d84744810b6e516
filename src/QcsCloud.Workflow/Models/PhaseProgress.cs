namespace QcsCloud.Workflow.Models;

/// <summary>Custom status of a phase orchestration.</summary>
public sealed record PhaseProgress(int Planned, int Running, int Succeeded, int Failed, int Skipped, double GpuHours, bool BudgetExhausted, bool Cancelled = false);
