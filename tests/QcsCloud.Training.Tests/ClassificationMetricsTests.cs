using QcsCloud.Training.Evaluation;

namespace QcsCloud.Training.Tests;

[TestClass]
public sealed class ClassificationMetricsTests
{
    private static readonly string[] Classes = ["a", "b", "c"];

    [TestMethod]
    public void Scores_match_a_hand_computed_confusion_matrix()
    {
        int[] labels = [0, 0, 0, 1, 1, 2];
        int[] predictions = [0, 0, 1, 1, 2, 2];

        var result = ClassificationMetrics.Compute("test", Classes, labels, predictions);

        Assert.AreEqual(4.0 / 6, result.Accuracy, 1e-12);
        CollectionAssert.AreEqual(new[] { 2.0 / 3, 0.5, 1.0 }, result.PerClassAccuracy.ToArray());
        Assert.AreEqual((2.0 / 3 + 0.5 + 1.0) / 3, result.MeanClassAccuracy, 1e-12);
        // F1: a = 2*(1*2/3)/(1+2/3) = 0.8; b: p = 1/2, r = 1/2 -> 0.5; c: p = 1/2, r = 1 -> 2/3.
        Assert.AreEqual((0.8 + 0.5 + 2.0 / 3) / 3, result.MacroF1, 1e-12);
        CollectionAssert.AreEqual(new[] { 2, 1, 0 }, result.ConfusionMatrix[0].ToArray());
        CollectionAssert.AreEqual(new[] { 0, 1, 1 }, result.ConfusionMatrix[1].ToArray());
        Assert.AreEqual(6, result.SampleCount);
    }

    [TestMethod]
    public void A_class_without_samples_scores_zero_but_still_counts_in_the_means()
    {
        var result = ClassificationMetrics.Compute("test", Classes, [0, 1], [0, 1]);
        Assert.AreEqual(1.0, result.Accuracy);
        Assert.AreEqual(2.0 / 3, result.MeanClassAccuracy, 1e-12);
        Assert.AreEqual(2.0 / 3, result.MacroF1, 1e-12);
    }

    [TestMethod]
    public void A_label_outside_the_class_list_names_the_sample()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => ClassificationMetrics.Compute("val", Classes, [0, 5], [0, 1]));
        StringAssert.Contains(e.Message, "sample 1: label 5");
    }
}
