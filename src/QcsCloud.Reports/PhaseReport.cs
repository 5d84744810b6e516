using QcsCloud.Core;

namespace QcsCloud.Reports;

/// <summary>One phase of one dataset: every seed's job and the summary over seeds.</summary>
/// <param name="Phase">Pretrain (from scratch / ir50) or fine-tune.</param>
/// <param name="Mode">Network trained.</param>
/// <param name="InitFrom">What the weights started from (<c>ir50.pth</c>, a checkpoint URI), when known.</param>
/// <param name="Seeds">One entry per planned seed, finished or not.</param>
public sealed record PhaseReport(TrainPhase Phase, TrainingMode Mode, string? InitFrom, IReadOnlyList<SeedResult> Seeds)
{
    /// <summary>Test accuracy over the seeds that have metrics (computed; written to report.json for tools).</summary>
    public AccuracySummary? Summary => AccuracySummary.Of(Seeds);
}
