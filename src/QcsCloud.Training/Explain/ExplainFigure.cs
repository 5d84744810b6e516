namespace QcsCloud.Training.Explain;

/// <summary>One entry of <c>explain.json</c>: a PNG beside it and what it shows.</summary>
/// <param name="File">PNG file name, relative to <c>explain.json</c>.</param>
/// <param name="Caption">Sample, true and predicted class (the report shows it under the picture).</param>
/// <param name="LevelMaps">The raw CSA maps of the anchor, one [N] per level (each sums to 1).</param>
public sealed record ExplainFigure(
    string File,
    string Caption,
    string SampleId,
    string TrueClass,
    string PredictedClass,
    double Confidence,
    IReadOnlyList<float[]> LevelMaps);
