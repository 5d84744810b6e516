using QcsCloud.Core;
using QcsCloud.Training.Recipes;
using QcsCloud.Training.Runs;

namespace QcsCloud.Training.Tests;

[TestClass]
public sealed class ProtocolTests
{
    private static EvaluationResult Score(double accuracy) =>
        new("test", ["a", "b"], 10, accuracy, [accuracy, accuracy], accuracy, accuracy, [[1, 0], [0, 1]]);

    [TestMethod]
    public void Validation_hold_out_is_stratified_seeded_and_disjoint()
    {
        var labels = Enumerable.Range(0, 100).Select(i => i % 4 == 0 ? 0 : 1).ToArray(); // 25 of class 0, 75 of class 1

        var (train, validation) = ValidationSplit.Split(labels, 0.2, seed: 5);
        var again = ValidationSplit.Split(labels, 0.2, seed: 5);
        var other = ValidationSplit.Split(labels, 0.2, seed: 6);

        Assert.AreEqual(5, validation.Count(i => labels[i] == 0));
        Assert.AreEqual(15, validation.Count(i => labels[i] == 1));
        Assert.AreEqual(0, train.Intersect(validation).Count());
        Assert.AreEqual(100, train.Length + validation.Length);
        CollectionAssert.AreEqual(validation, again.Validation);
        CollectionAssert.AreNotEqual(validation, other.Validation);
    }

    [TestMethod]
    public void Metrics_report_the_validation_choice_the_optimistic_best_test_epoch_and_the_last_epoch()
    {
        var metrics = new TrainingMetrics("rafdb", TrainingMode.Qcs, TrainPhase.Pretrain, 1, 3, false, [], null, null, null);
        EpochMetrics Epoch(int e, double val, double test) => new(e, 1, 0.5, 1e-5, 1, 1, Score(val) with { Split = "validation" }, Score(test));

        metrics = MetricsSelection.Add(metrics, Epoch(0, val: 0.6, test: 0.70), finished: false);
        metrics = MetricsSelection.Add(metrics, Epoch(1, val: 0.8, test: 0.65), finished: false);
        metrics = MetricsSelection.Add(metrics, Epoch(2, val: 0.7, test: 0.60), finished: true);

        Assert.AreEqual(1, metrics.Selected!.Epoch);
        Assert.AreEqual(0.65, metrics.Selected.Test.Accuracy);
        Assert.AreEqual(0, metrics.ReferenceProtocol!.Epoch);
        StringAssert.Contains(metrics.ReferenceProtocol.Rule, "optimistic");
        Assert.AreEqual(2, metrics.LastEpoch!.Epoch);
        Assert.IsTrue(metrics.Finished);
    }

    [TestMethod]
    public void Every_recipe_of_the_reference_table_is_a_named_valid_preset()
    {
        foreach (var recipe in TrainingRecipes.All) recipe.Validate();
        Assert.AreEqual(4e-6, TrainingRecipes.Default(DatasetKind.RafDb, TrainingMode.Qcs, fineTune: false).LearningRate);
        Assert.AreEqual(3e-6, TrainingRecipes.Default(DatasetKind.RafDb, TrainingMode.Qcs, fineTune: true).LearningRate);
        Assert.AreEqual(48, TrainingRecipes.Default(DatasetKind.RafDb, TrainingMode.Dcs, fineTune: false).BatchSize);
        Assert.AreEqual(1.0 / 12, TrainingRecipes.Get("qcs-affectnet8").EpochFraction);
        var e = Assert.ThrowsExactly<ArgumentException>(() => TrainingRecipes.Get("qcs-imagenet"));
        StringAssert.Contains(e.Message, "qcs-imagenet");
    }

    [TestMethod]
    public void A_bad_option_value_is_refused_naming_the_option_and_the_value()
    {
        var config = new TrainingConfig(DatasetKind.RafDb, TrainingMode.Qcs, 1, TrainingRecipes.QcsRafDb, ValidationFraction: 1.5);
        var e = Assert.ThrowsExactly<TrainingInputException>(() => config.Validate());
        StringAssert.Contains(e.Message, "--val-fraction (1.5)");
    }
}
