using QcsCloud.Core;

namespace QcsCloud.Workflow.Models;

/// <summary>
/// Deterministic orchestration instance ids of a run's children. Run ids are safe names (no ':'), so the ids of
/// two runs never collide, and the API can find every job of a run without a query.
/// </summary>
public static class InstanceIds
{
    public static string StageJob(string runId, string dataset) => $"{runId}:stage:{dataset}";

    /// <summary>
    /// The one staging orchestration of a dataset's content across runs: <c>stage:&lt;dataset&gt;:&lt;hash&gt;:&lt;generation&gt;</c>
    /// (a new generation only after a failed staging). Never collides with a run's ids (those start with the run id).
    /// </summary>
    public static string SharedStage(string dataset, string contentHash, int generation) => $"stage:{dataset}:{contentHash}:{generation}";

    public static string Phase(string runId, TrainPhase phase) => $"{runId}:{BlobLayout.PhaseName(phase)}";

    /// <param name="arm">The arm's <see cref="PlanArm.LayoutName"/> in a grid plan: <c>&lt;run&gt;:pretrain:&lt;arm&gt;:&lt;dataset&gt;:s&lt;seed&gt;</c>.</param>
    public static string TrainJob(string runId, string dataset, TrainPhase phase, int seed, string? arm = null) =>
        arm is null ? $"{runId}:{BlobLayout.PhaseName(phase)}:{dataset}:s{seed}" : $"{runId}:{BlobLayout.PhaseName(phase)}:{arm}:{dataset}:s{seed}";
}
