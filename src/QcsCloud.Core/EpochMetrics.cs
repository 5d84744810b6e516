namespace QcsCloud.Core;

/// <summary>One epoch of a training run, as written to <c>metrics.json</c>.</summary>
/// <param name="Validation">Held-out split of the training set, when the run holds one out.</param>
/// <param name="Test">The dataset's test split (RAF-DB test, FERPlus PrivateTest, AffectNet validation).</param>
public sealed record EpochMetrics(
    int Epoch,
    double TrainLoss,
    double TrainAccuracy,
    double LearningRate,
    double Seconds,
    double ImagesPerSecond,
    EvaluationResult? Validation,
    EvaluationResult? Test);
