using QcsCloud.Core;
using QcsCloud.Data.Datasets;

namespace QcsCloud.Training.Explain;

/// <summary>What <c>qcs explain</c> needs, all local paths (the command downloads and uploads blob folders).</summary>
/// <param name="Checkpoint">A DCS or QCS checkpoint (<c>best.ckpt</c>).</param>
/// <param name="Dataset">Dataset kind of <paramref name="DataRoot"/>; its classes must match the checkpoint's.</param>
/// <param name="DataRoot">Official layout or packed folder.</param>
/// <param name="OutputDir">Receives <c>attention-NN.png</c> and <c>explain.json</c> (last).</param>
/// <param name="Count">Images to explain (different classes first).</param>
/// <param name="Split">Which split to take them from; the test split by default (held out from training).</param>
/// <param name="Threads">Torch CPU threads; null leaves the process setting.</param>
public sealed record ExplainOptions(
    string Checkpoint,
    DatasetKind Dataset,
    string DataRoot,
    string OutputDir,
    int Count = 4,
    DatasetSplit Split = DatasetSplit.Test,
    int? Threads = null)
{
    public const int MaxCount = 64;

    public ExplainOptions Validate()
    {
        if (Count is < 1 or > MaxCount) throw new TrainingInputException($"--count ({Count}) must be in 1..{MaxCount}");
        if (Threads is < 1) throw new TrainingInputException($"--threads ({Threads}) must be at least 1");
        if (!File.Exists(Checkpoint)) throw new TrainingInputException($"--checkpoint '{Checkpoint}' not found");
        return this;
    }
}
