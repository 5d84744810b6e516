using QcsCloud.Core;

namespace QcsCloud.Data.Sampling;

/// <summary>The reference's training sampler for a (mode, dataset): shuffle or balanced anchors, as singles, pairs or quadruplets.</summary>
public static class Samplers
{
    /// <summary>AffectNet draws 1/12 of its training set per epoch with the balanced sampler.</summary>
    public const int AffectNetEpochDivisor = 12;

    public static ISampler ForTraining(TrainingMode mode, DatasetKind kind, IReadOnlyList<int> labels, int numClasses, int seed,
        IReadOnlyList<string>? classNames = null, int? epochDivisor = null)
    {
        var affectNet = kind is DatasetKind.AffectNet7 or DatasetKind.AffectNet8;
        ISampler anchors = affectNet
            ? new BalancedSampler(labels, numClasses, seed, epochDivisor ?? AffectNetEpochDivisor)
            : new ShuffleSampler(labels.Count, seed);
        return mode switch
        {
            TrainingMode.Baseline => anchors,
            TrainingMode.Dcs => new PairSampler(anchors, labels, numClasses, seed, classNames),
            TrainingMode.Qcs => new QuadrupletSampler(anchors, labels, numClasses, seed,
                affectNet ? NegativeRule.UniformClass : NegativeRule.FrequencyWeighted, classNames),
            _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "unknown training mode"),
        };
    }
}
