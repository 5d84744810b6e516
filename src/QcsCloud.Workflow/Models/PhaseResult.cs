namespace QcsCloud.Workflow.Models;

/// <summary>Output of <c>PhaseOrchestratorV2</c>: counts only.</summary>
public sealed record PhaseResult(int Succeeded, int Failed, int Skipped, double GpuHours, bool BudgetExhausted);
