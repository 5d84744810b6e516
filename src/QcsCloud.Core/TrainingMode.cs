namespace QcsCloud.Core;

/// <summary>Which network is trained: one branch (baseline), pairs (DCS) or quadruplets (QCS).</summary>
public enum TrainingMode
{
    Baseline,
    Dcs,
    Qcs,
}
