using QcsCloud.Core;

namespace QcsCloud.Model;

/// <summary>DCS: pairs (a, p) of one class; the cross modules use the similarity map only (birdwcp/QCS models/DCS_*.py).</summary>
public sealed class DcsNetwork : CrossBranchNetwork
{
    public DcsNetwork(NetworkOptions options) : base(nameof(DcsNetwork), options, quadruplet: false) => RegisterComponents();

    public override TrainingMode Mode => TrainingMode.Dcs;
}
