using QcsCloud.Core;
using QcsCloud.Data.Datasets;
using QcsCloud.Data.Transforms;
using static TorchSharp.torch;

namespace QcsCloud.Training.Evaluation;

/// <summary>Scores a classifier on a labelled split: <see cref="Predictor"/> + <see cref="ClassificationMetrics"/> + mean cross entropy.</summary>
public static class Evaluator
{
    public static EvaluationResult Run(
        Func<Tensor, Tensor> logitsOf, IReadOnlyList<Sample> samples, IReadOnlyList<string> classNames, TransformOptions transform,
        string split, int batchSize, int workers, Device device, CancellationToken cancellationToken = default)
    {
        var predictions = Predictor.Run(logitsOf, samples, classNames.Count, transform, batchSize, workers, device, cancellationToken: cancellationToken);
        double loss = 0;
        for (var i = 0; i < samples.Count; i++) loss -= Math.Log(Math.Max(predictions.Probabilities[i][samples[i].Label], 1e-12));
        return ClassificationMetrics.Compute(split, classNames, samples.Select(s => s.Label).ToArray(), predictions.Classes,
            samples.Count == 0 ? null : loss / samples.Count);
    }
}
