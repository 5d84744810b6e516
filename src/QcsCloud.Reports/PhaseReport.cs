using QcsCloud.Core;

namespace QcsCloud.Reports;

/// <summary>One phase of one dataset for one arm of the plan: every seed's job and the summary over seeds.</summary>
/// <param name="Phase">Pretrain (from scratch / ir50) or fine-tune.</param>
/// <param name="Mode">Network trained.</param>
/// <param name="InitFrom">What the weights started from (<c>ir50.pth</c>, a checkpoint URI), when known.</param>
/// <param name="Seeds">One entry per planned seed, finished or not.</param>
/// <param name="Arm">The arm's name in a grid run (<c>qcs</c>, <c>qcs-lr-high</c>); null in a run of one mode without variants.</param>
/// <param name="Variant">The arm's variant name, when the plan names variants.</param>
public sealed record PhaseReport(TrainPhase Phase, TrainingMode Mode, string? InitFrom, IReadOnlyList<SeedResult> Seeds,
    string? Arm = null, string? Variant = null)
{
    /// <summary>Test accuracy over the seeds that have metrics (computed; written to report.json for tools).</summary>
    public AccuracySummary? Summary => AccuracySummary.Of(Seeds);

    /// <summary>The arm's name, or the mode's for a run without a grid.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string ArmName => Arm ?? PlanArm.ModeName(Mode);
}
