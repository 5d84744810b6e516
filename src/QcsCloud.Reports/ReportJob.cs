using QcsCloud.Core;

namespace QcsCloud.Reports;

/// <summary>
/// One planned job as the workflow's report activity knows it: what was planned, how it ended (its
/// <c>outcome.json</c>, null when it never ran) and the <c>metrics.json</c> it wrote (null when none).
/// </summary>
/// <param name="JobName">Deterministic job name (<see cref="RunLayout.TrainJobName"/>).</param>
/// <param name="Kind">Stage or Train.</param>
/// <param name="Dataset">Canonical dataset name.</param>
/// <param name="Phase">Training phase; null for staging.</param>
/// <param name="Seed">Seed; null for staging.</param>
/// <param name="Outcome">How it ended; null when it has not ended (or never started).</param>
/// <param name="Metrics">Its metrics, also for a failed job that wrote some epochs.</param>
/// <param name="OutputFolder">Folder URI of its checkpoints and metrics.</param>
/// <param name="Arm">The job's arm in a grid plan (<see cref="PlanArm.LayoutName"/>); null for a plan of one mode without variants.</param>
public sealed record ReportJob(
    string JobName,
    JobKind Kind,
    string Dataset,
    TrainPhase? Phase,
    int? Seed,
    JobOutcome? Outcome,
    TrainingMetrics? Metrics,
    string? OutputFolder,
    string? Arm = null);
