using System.Text.RegularExpressions;

namespace QcsCloud.Core;

/// <summary>
/// Container and path rules of the one storage account (docs/architecture.md, "Blob layout").
/// Every name that goes into a path is validated here, so no caller can build a path with <c>..</c> in it.
/// </summary>
public static partial class BlobLayout
{
    public const string DatasetsContainer = "datasets";
    public const string StagingContainer = "staging";
    public const string CheckpointsContainer = "checkpoints";
    public const string ReportsContainer = "reports";

    public const string ManifestFile = "manifest.json";
    public const string MetricsFile = "metrics.json";
    public const string CompletionFile = "completion.json";
    public const string LastCheckpointFile = "last.ckpt";
    public const string BestCheckpointFile = "best.ckpt";

    /// <summary>Folder inside a training job's output that holds its attention figures (<c>qcs train --explain</c>).</summary>
    public const string ExplainFolder = "explain";

    /// <summary>The index of an explain folder, written after its figures: its presence means the figures are complete.</summary>
    public const string ExplainIndexFile = "explain.json";

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,62}$")]
    private static partial Regex SafeName();

    /// <summary>True for names usable as one path segment: lower-case letters, digits and '-', 1-63 characters.</summary>
    public static bool IsSafeName(string? name) => name is not null && SafeName().IsMatch(name);

    public static string RequireSafeName(string? name, string what) => IsSafeName(name)
        ? name!
        : throw new ArgumentException(
            $"{what} '{name}' is not allowed: use 1-63 lower-case letters, digits and '-', starting with a letter or digit.");

    /// <summary><c>datasets/&lt;name&gt;/</c>: what the user uploads, in the official layout.</summary>
    public static string DatasetPrefix(string dataset) => $"{RequireSafeName(dataset, "Dataset name")}/";

    /// <summary><c>staging/&lt;dataset&gt;/&lt;hash&gt;/</c>: manifest and shards, shared by runs.</summary>
    public static string StagingPrefix(string dataset, string contentHash) =>
        $"{RequireSafeName(dataset, "Dataset name")}/{RequireSafeName(contentHash, "Content hash")}/";

    /// <summary>
    /// <c>checkpoints/&lt;run&gt;/&lt;dataset&gt;/&lt;phase&gt;/seed-&lt;n&gt;/</c>; in a grid plan
    /// <c>checkpoints/&lt;run&gt;/&lt;arm&gt;/&lt;dataset&gt;/&lt;phase&gt;/seed-&lt;n&gt;/</c> (<paramref name="arm"/> = <see cref="PlanArm.LayoutName"/>).
    /// </summary>
    public static string CheckpointPrefix(string runId, string dataset, TrainPhase phase, int seed, string? arm = null) =>
        $"{RequireSafeName(runId, "Run id")}/{(arm is null ? "" : RequireSafeName(arm, "Arm name") + "/")}" +
        $"{RequireSafeName(dataset, "Dataset name")}/{PhaseName(phase)}/seed-{seed}/";

    /// <summary><c>reports/&lt;run&gt;/</c>.</summary>
    public static string ReportPrefix(string runId) => $"{RequireSafeName(runId, "Run id")}/";

    public static string PhaseName(TrainPhase phase) => phase switch
    {
        TrainPhase.Pretrain => "pretrain",
        TrainPhase.FineTune => "finetune",
        _ => throw new ArgumentOutOfRangeException(nameof(phase), phase, null),
    };
}
