using QcsCloud.Core;
using static TorchSharp.torch;

namespace QcsCloud.Model.Tests;

/// <summary>Deterministic images and labels for the network tests.</summary>
internal static class TestInputs
{
    public static Tensor[] Images(NetworkOptions options, int branches, int batch, int seed = 1)
    {
        var g = new Generator((ulong)seed);
        return Enumerable.Range(0, branches)
            .Select(_ => randn([batch, 3, options.InputSize, options.InputSize], generator: g))
            .ToArray();
    }

    /// <summary>a and p share class 1, n and n2 share class 2 (need at least 3 classes).</summary>
    public static Tensor[] Labels(TrainingMode mode, int batch)
    {
        long[] classes = [1, 1, 2, 2];
        return Enumerable.Range(0, TrainingNetworks.BranchCount(mode))
            .Select(b => full([batch], classes[b], dtype: int64))
            .ToArray();
    }
}
