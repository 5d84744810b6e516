using QcsCloud.Core;

namespace QcsCloud.Reports;

/// <summary>
/// One arm (mode, variant) of one dataset and phase in the ablation table. Accuracies are fractions over the seeds that
/// succeeded; null when no seed did.
/// </summary>
/// <param name="Arm">Arm name (<c>qcs</c>, <c>qcs-lr-high</c>).</param>
/// <param name="Mode">Network trained.</param>
/// <param name="Variant">Variant name, when the plan names variants.</param>
/// <param name="SeedCount">Seeds that succeeded.</param>
/// <param name="Mean">Mean test accuracy of the reported epochs (reference protocol, as the paper).</param>
/// <param name="StandardDeviation">Sample standard deviation (n − 1) of the same; 0 for one seed.</param>
/// <param name="Best">Best seed's test accuracy.</param>
/// <param name="BestSeed">That seed.</param>
/// <param name="ValidationSelectedMean">Mean test accuracy of the validation-selected epochs (runs with a hold-out).</param>
/// <param name="LastEpochMean">Mean test accuracy of the last epochs.</param>
/// <param name="MeanClassAccuracy">Mean over seeds of the reported epochs' mean class accuracy.</param>
/// <param name="VersusBaseline">Difference to the baseline arm over paired seeds, when there is a baseline arm.</param>
/// <param name="PaperAccuracy">The paper's accuracy (%) for this mode and phase, when it publishes one.</param>
/// <param name="Seeds">Every succeeded seed's reported test accuracy (the plot's points).</param>
public sealed record AblationRow(
    string Arm,
    TrainingMode Mode,
    string? Variant,
    int SeedCount,
    double? Mean,
    double? StandardDeviation,
    double? Best,
    int? BestSeed,
    double? ValidationSelectedMean,
    double? LastEpochMean,
    double? MeanClassAccuracy,
    PairedDifference? VersusBaseline,
    double? PaperAccuracy,
    IReadOnlyList<SeedAccuracy> Seeds);

/// <summary>One seed's reported test accuracy (fraction).</summary>
public sealed record SeedAccuracy(int Seed, double Accuracy);
