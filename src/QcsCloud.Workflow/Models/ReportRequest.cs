namespace QcsCloud.Workflow.Models;

/// <summary>Input of <c>PublishReportActivity</c>: the run (plan and ids) and the few facts only the orchestration knows.</summary>
public sealed record ReportRequest(RunInput Run, bool BudgetExhausted, double GpuHours, BestSeed? BestPretrain, string? FineTuneSkipReason, bool Cancelled = false);
