using static TorchSharp.torch;

namespace QcsCloud.Model;

/// <summary>
/// Logits of a training network, one entry per branch in the order a, p, n, n2.
/// <see cref="CrossLogits"/> is empty for the baseline (no cross modules).
/// </summary>
public sealed record NetworkOutput(Tensor[] BaseLogits, Tensor[] CrossLogits)
{
    /// <summary>All heads, base first then cross: what Eq. 10 averages over.</summary>
    public IEnumerable<Tensor> AllHeads => BaseLogits.Concat(CrossLogits);
}
