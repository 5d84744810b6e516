using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace QcsCloud.Model;

/// <summary>
/// Paper Eq. 10 as the reference computes it: plain cross entropy (batch mean, no smoothing) averaged over every
/// head, base then cross, each branch with its own labels (n and n2 use the negative class).
/// </summary>
public static class QcsLoss
{
    /// <summary>Scalar loss. <paramref name="branchLabels"/>: one int64 [B] tensor per branch, order a, p, n, n2.</summary>
    public static Tensor Compute(NetworkOutput output, Tensor[] branchLabels)
    {
        if (branchLabels.Length != output.BaseLogits.Length)
            throw new ArgumentException($"Got labels for {branchLabels.Length} branches, the output has {output.BaseLogits.Length}");
        if (output.CrossLogits.Length is not 0 && output.CrossLogits.Length != output.BaseLogits.Length)
            throw new ArgumentException($"The output has {output.CrossLogits.Length} cross heads for {output.BaseLogits.Length} branches");
        using var scope = NewDisposeScope();
        var heads = output.BaseLogits.Select((l, b) => (l, b)).Concat(output.CrossLogits.Select((l, b) => (l, b))).ToArray();
        var total = heads.Select(h => functional.cross_entropy(h.l, branchLabels[h.b])).Aggregate((x, y) => x.add(y, Scalars.One));
        using var count = (Scalar)heads.Length;
        return total.div(count).MoveToOuterDisposeScope();
    }
}
