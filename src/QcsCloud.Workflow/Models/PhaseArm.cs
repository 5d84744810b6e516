namespace QcsCloud.Workflow.Models;

/// <summary>One arm (mode x variant) of a phase: where its fine-tuning starts, or why its jobs are skipped.</summary>
/// <param name="Name">The arm's <see cref="Core.PlanArm.Name"/>.</param>
/// <param name="FineTuneFrom">Phase 2: this arm's best pretrain checkpoint (<c>--finetune-from</c>).</param>
/// <param name="SkipReason">Set when none of this arm's jobs can run (no pretrain model of this arm).</param>
public sealed record PhaseArm(string Name, string? FineTuneFrom = null, string? SkipReason = null);
