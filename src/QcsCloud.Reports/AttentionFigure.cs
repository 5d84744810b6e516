using QcsCloud.Core;

namespace QcsCloud.Reports;

/// <summary>
/// One PNG written by <c>qcs explain</c>: a face with the CSA attention map of each level over it (paper figures 8-9).
/// </summary>
/// <param name="Dataset">Dataset the checkpoint was trained on.</param>
/// <param name="File">Path of the PNG: absolute, or relative to the report folder. The renderer copies it under <c>attention/</c>.</param>
/// <param name="Caption">What the picture shows (image, true and predicted class).</param>
/// <param name="Seed">Seed of the checkpoint, when known.</param>
/// <param name="Phase">Phase of the checkpoint, when known.</param>
public sealed record AttentionFigure(string Dataset, string File, string Caption, int? Seed = null, TrainPhase? Phase = null);
