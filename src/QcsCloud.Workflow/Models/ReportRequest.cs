namespace QcsCloud.Workflow.Models;

/// <summary>Input of <c>PublishReportActivity</c>: the run (plan and ids) and the few facts only the orchestration knows.</summary>
/// <param name="BestPretrainByArm">Grid plans: each arm's best pretrain seed (<see cref="BestSeed.Arm"/> set), which its fine-tuning started from.</param>
public sealed record ReportRequest(RunInput Run, bool BudgetExhausted, double GpuHours, BestSeed? BestPretrain, string? FineTuneSkipReason,
    bool Cancelled = false, IReadOnlyList<BestSeed>? BestPretrainByArm = null);
