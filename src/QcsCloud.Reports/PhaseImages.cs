namespace QcsCloud.Reports;

/// <summary>The plots of one phase; each is null when there was nothing to draw.</summary>
public sealed record PhaseImages(
    ReportImage? LossCurves,
    ReportImage? AccuracyCurves,
    ReportImage? ConfusionCounts,
    ReportImage? ConfusionNormalised,
    ReportImage? PerClassAccuracy,
    int? ConfusionSeed);
