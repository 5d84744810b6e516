using QcsCloud.Core;
using static TorchSharp.torch;

namespace QcsCloud.Model;

/// <summary>
/// A training network: one image batch [B, 3, H, W] per branch (order a, p, n, n2) -> base and cross logits per
/// branch. Each branch runs the trunk separately, so BatchNorm statistics are per branch like the reference.
/// </summary>
public abstract class TrainingNetwork : SharedTrunkNetwork<Tensor[], NetworkOutput>
{
    protected TrainingNetwork(string name, NetworkOptions options) : base(name, options) { }

    /// <summary>Which method this network trains.</summary>
    public abstract TrainingMode Mode { get; }

    /// <summary>Image batches one forward takes: 1, 2 or 4.</summary>
    public int BranchCount => TrainingNetworks.BranchCount(Mode);

    /// <summary>Set to record the CSA maps of each forward (for <c>qcs explain</c>); no effect on the baseline.</summary>
    public virtual bool RecordAttentionMaps { get; set; }

    /// <summary>
    /// CSA maps of the last forward when <see cref="RecordAttentionMaps"/> is set: [level][branch] -> [B, N] (N = 49 in
    /// the paper), detached, owned by the caller's dispose scope. Null for the baseline or when not recording.
    /// </summary>
    public virtual Tensor[][]? LastAttentionMaps => null;

    protected void CheckBranches(Tensor[] branches)
    {
        if (branches.Length != BranchCount)
            throw new ArgumentException($"{Mode} takes {BranchCount} image batches (a, p, n, n2 order), got {branches.Length}");
        for (var i = 1; i < branches.Length; i++)
            if (!branches[i].shape.SequenceEqual(branches[0].shape))
                throw new ArgumentException(
                    $"Branch {i} has shape [{string.Join(", ", branches[i].shape)}], branch 0 has [{string.Join(", ", branches[0].shape)}]");
    }
}
