using QcsCloud.Core;
using QcsCloud.Model;

namespace QcsCloud.Training.Checkpoints;

/// <summary>
/// The JSON header of a checkpoint: enough to resume exactly (epoch, position in the epoch, configuration, metrics so
/// far) and to refuse a mismatched load (mode, architecture, class names in order).
/// </summary>
/// <param name="Epoch">0-based epoch to continue with: the number of finished epochs.</param>
/// <param name="Partial">Running sums of the stopped epoch, when <paramref name="NextBatch"/> is not zero.</param>
/// <param name="NextBatch">Batches of <paramref name="Epoch"/> already trained (non-zero only when stopped mid-epoch by a signal).</param>
public sealed record CheckpointHeader(
    int FormatVersion,
    TrainingMode Mode,
    NetworkOptions Network,
    IReadOnlyList<string> ClassNames,
    int Epoch,
    int NextBatch,
    TrainingConfig Config,
    TrainingMetrics Metrics,
    RunProvenance Provenance,
    Loop.PartialEpoch? Partial = null)
{
    public const int CurrentFormatVersion = 1;
}
