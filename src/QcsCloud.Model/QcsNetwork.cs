using QcsCloud.Core;

namespace QcsCloud.Model;

/// <summary>QCS: quadruplets (a, p, n, n2); the cross modules mix similarity and distance with a learned theta per level (birdwcp/QCS models/QCS_*.py).</summary>
public sealed class QcsNetwork : CrossBranchNetwork
{
    public QcsNetwork(NetworkOptions options) : base(nameof(QcsNetwork), options, quadruplet: true) => RegisterComponents();

    public override TrainingMode Mode => TrainingMode.Qcs;
}
