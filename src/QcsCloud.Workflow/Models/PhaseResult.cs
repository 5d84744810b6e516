namespace QcsCloud.Workflow.Models;

/// <summary>Output of <c>PhaseOrchestratorV2</c>: counts only.</summary>
/// <param name="Reused">Of <see cref="Succeeded"/>, the jobs reused rather than launched.</param>
public sealed record PhaseResult(int Succeeded, int Failed, int Skipped, double GpuHours, bool BudgetExhausted, int Reused = 0);
