using QcsCloud.Data.Images;

namespace QcsCloud.Training.Explain;

/// <summary>One explained anchor image: its prediction and the CSA map of each level ([N] per level, sums to 1).</summary>
public sealed record ExplainedImage(
    string SampleId,
    RgbImage Face,
    int TrueLabel,
    int PredictedLabel,
    double Confidence,
    IReadOnlyList<float[]> LevelMaps);
