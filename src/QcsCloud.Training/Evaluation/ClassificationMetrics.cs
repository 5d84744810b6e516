using QcsCloud.Core;

namespace QcsCloud.Training.Evaluation;

/// <summary>
/// Accuracy, per-class accuracy (recall), mean class accuracy, macro F1 and the confusion matrix of one split.
/// A class absent from both labels and predictions scores 0 in F1 and per-class accuracy and still counts in
/// the means, as sklearn does with <c>zero_division=0</c>.
/// </summary>
public static class ClassificationMetrics
{
    public static EvaluationResult Compute(
        string split, IReadOnlyList<string> classNames, IReadOnlyList<int> labels, IReadOnlyList<int> predictions, double? loss = null)
    {
        if (labels.Count != predictions.Count)
            throw new ArgumentException($"{labels.Count} labels but {predictions.Count} predictions for split '{split}'");
        var c = classNames.Count;
        if (c == 0) throw new ArgumentException($"Split '{split}': no class names");
        var confusion = new int[c][];
        for (var i = 0; i < c; i++) confusion[i] = new int[c];
        for (var i = 0; i < labels.Count; i++)
        {
            var (y, p) = (labels[i], predictions[i]);
            if ((uint)y >= c) throw new ArgumentException($"Split '{split}', sample {i}: label {y} is outside 0..{c - 1}");
            if ((uint)p >= c) throw new ArgumentException($"Split '{split}', sample {i}: prediction {p} is outside 0..{c - 1}");
            confusion[y][p]++;
        }

        var correct = 0;
        var perClass = new double[c];
        var f1 = new double[c];
        for (var k = 0; k < c; k++)
        {
            var tp = confusion[k][k];
            correct += tp;
            var support = confusion[k].Sum();                    // row: true class k
            var predicted = confusion.Sum(row => row[k]);        // column: predicted as k
            perClass[k] = support == 0 ? 0 : (double)tp / support;
            var precision = predicted == 0 ? 0 : (double)tp / predicted;
            f1[k] = precision + perClass[k] == 0 ? 0 : 2 * precision * perClass[k] / (precision + perClass[k]);
        }

        return new EvaluationResult(
            Split: split,
            ClassNames: classNames.ToArray(),
            SampleCount: labels.Count,
            Accuracy: labels.Count == 0 ? 0 : (double)correct / labels.Count,
            PerClassAccuracy: perClass,
            MeanClassAccuracy: perClass.Average(),
            MacroF1: f1.Average(),
            ConfusionMatrix: confusion.Select(r => (IReadOnlyList<int>)r).ToArray(),
            Loss: loss);
    }
}
