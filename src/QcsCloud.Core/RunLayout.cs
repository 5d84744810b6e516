namespace QcsCloud.Core;

/// <summary>
/// Blob names the workflow adds to <see cref="BlobLayout"/>: per-job outcome records and the run's plan,
/// so that the report can be rebuilt from storage alone.
/// </summary>
public static class RunLayout
{
    /// <summary>Written by the workflow beside <see cref="BlobLayout.CompletionFile"/> once a job has ended (any way).</summary>
    public const string OutcomeFile = "outcome.json";

    /// <summary><c>checkpoints/&lt;run&gt;/plan.json</c>: the normalised plan of the run.</summary>
    public const string PlanFile = "plan.json";

    /// <summary>
    /// <c>checkpoints/&lt;run&gt;/cancel.json</c>: written by <c>POST /api/runs/{id}/cancel</c>; while it exists no job of
    /// the run is launched, and a running job that sees it stops its execution.
    /// </summary>
    public const string CancelFile = "cancel.json";

    /// <summary>
    /// <c>staging/&lt;name&gt;/&lt;hash&gt;/claim.json</c>: which run stages this content (created if-none-match, so one run
    /// wins; marked failed when its staging fails, so a later run takes it over).
    /// </summary>
    public const string StagingClaimFile = "claim.json";

    /// <summary><c>checkpoints/&lt;run&gt;/</c>.</summary>
    public static string RunPrefix(string runId) => $"{BlobLayout.RequireSafeName(runId, "Run id")}/";

    /// <summary>Staging jobs of a run record their outcome here: <c>checkpoints/&lt;run&gt;/staging/&lt;dataset&gt;/</c>.</summary>
    public static string StagingOutcomePrefix(string runId, string dataset) =>
        $"{RunPrefix(runId)}staging/{BlobLayout.RequireSafeName(dataset, "Dataset name")}/";

    /// <summary>
    /// Deterministic job name from (run, dataset, phase, seed): <c>&lt;run&gt;-&lt;dataset&gt;-pretrain-s&lt;seed&gt;</c>.
    /// A replay or a retry of the same job always gets the same name, so it never launches a finished seed again.
    /// </summary>
    /// <param name="arm">The arm's <see cref="PlanArm.LayoutName"/> in a grid plan (<c>&lt;run&gt;-&lt;arm&gt;-&lt;dataset&gt;-...</c>); null keeps the name above.</param>
    public static string TrainJobName(string runId, string dataset, TrainPhase phase, int seed, string? arm = null) =>
        $"{BlobLayout.RequireSafeName(runId, "Run id")}-{(arm is null ? "" : BlobLayout.RequireSafeName(arm, "Arm name") + "-")}" +
        $"{BlobLayout.RequireSafeName(dataset, "Dataset name")}-{BlobLayout.PhaseName(phase)}-s{seed}";

    /// <summary>Staging job name: <c>&lt;run&gt;-stage-&lt;dataset&gt;</c>.</summary>
    public static string StageJobName(string runId, string dataset) =>
        $"{BlobLayout.RequireSafeName(runId, "Run id")}-stage-{BlobLayout.RequireSafeName(dataset, "Dataset name")}";
}
