using QcsCloud.Core;

namespace QcsCloud.Model;

/// <summary>Builds the training network of a mode.</summary>
public static class TrainingNetworks
{
    public static TrainingNetwork Create(TrainingMode mode, NetworkOptions options) => mode switch
    {
        TrainingMode.Baseline => new BaselineNetwork(options),
        TrainingMode.Dcs => new DcsNetwork(options),
        TrainingMode.Qcs => new QcsNetwork(options),
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, $"Unknown training mode {mode}"),
    };

    /// <summary>Image batches per training sample: baseline 1, DCS 2 (a, p), QCS 4 (a, p, n, n2).</summary>
    public static int BranchCount(TrainingMode mode) => mode switch
    {
        TrainingMode.Baseline => 1,
        TrainingMode.Dcs => 2,
        TrainingMode.Qcs => 4,
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, $"Unknown training mode {mode}"),
    };
}
