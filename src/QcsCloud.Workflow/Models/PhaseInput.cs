using QcsCloud.Core;

namespace QcsCloud.Workflow.Models;

/// <summary>Input of <c>PhaseOrchestratorV2</c>: one job per arm x dataset x seed of the run's plan.</summary>
/// <param name="FineTuneFrom">Checkpoint URI for phase 2 (<c>--finetune-from</c>).</param>
/// <param name="GpuHoursBefore">GPU-hours the run spent before this phase (the budget is per run).</param>
/// <param name="Arms">Per arm of the plan its fine-tune source or skip reason; null: every arm of the plan, from <see cref="FineTuneFrom"/>.</param>
public sealed record PhaseInput(
    RunInput Run,
    TrainPhase Phase,
    IReadOnlyList<PhaseDataset> Datasets,
    string? FineTuneFrom,
    double GpuHoursBefore,
    IReadOnlyList<PhaseArm>? Arms = null);
