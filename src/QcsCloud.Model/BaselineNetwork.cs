using QcsCloud.Core;
using static TorchSharp.torch;

namespace QcsCloud.Model;

/// <summary>The baseline: one branch, VIT_base only, no cross modules (POSTER++ without landmarks).</summary>
public sealed class BaselineNetwork : TrainingNetwork
{
    public BaselineNetwork(NetworkOptions options) : base(nameof(BaselineNetwork), options) => RegisterComponents();

    public override TrainingMode Mode => TrainingMode.Baseline;

    public override NetworkOutput forward(Tensor[] branches)
    {
        CheckBranches(branches);
        var (logits, tokens) = Branch(branches[0]);
        tokens.Dispose();
        return new NetworkOutput([logits], []);
    }
}
