namespace QcsCloud.Core;

/// <summary>
/// Scores of one model on one split. <c>ConfusionMatrix[true][predicted]</c> holds counts; every list
/// is in <see cref="ClassNames"/> order.
/// </summary>
public sealed record EvaluationResult(
    string Split,
    IReadOnlyList<string> ClassNames,
    int SampleCount,
    double Accuracy,
    IReadOnlyList<double> PerClassAccuracy,
    double MeanClassAccuracy,
    double MacroF1,
    IReadOnlyList<IReadOnlyList<int>> ConfusionMatrix,
    double? Loss = null);
