using QcsCloud.Core;

namespace QcsCloud.Reports.Tests;

[TestClass]
public sealed class AccuracySummaryTests
{
    private static SeedResult Seed(int seed, double accuracy, SeedOutcome outcome = SeedOutcome.Succeeded)
    {
        var metrics = SampleReports.Metrics("rafdb", TrainPhase.Pretrain, DatasetCatalog.RafDbClasses, seed, 0.9, 3, finished: true);
        var test = metrics.ReferenceProtocol!.Test with { Accuracy = accuracy };
        return new SeedResult(seed, outcome, metrics with { ReferenceProtocol = metrics.ReferenceProtocol with { Test = test } });
    }

    [TestMethod]
    public void Best_mean_and_sample_standard_deviation_over_seeds()
    {
        var s = AccuracySummary.Of([Seed(1, 0.90), Seed(2, 0.92), Seed(3, 0.94)])!;

        Assert.AreEqual(3, s.SeedCount);
        Assert.AreEqual(0.94, s.Best, 1e-12);
        Assert.AreEqual(3, s.BestSeed);
        Assert.AreEqual(0.92, s.Mean, 1e-12);
        Assert.AreEqual(0.02, s.StandardDeviation, 1e-12);   // sample std (n - 1)
    }

    [TestMethod]
    public void Failed_seeds_with_partial_metrics_do_not_count()
    {
        var s = AccuracySummary.Of([Seed(1, 0.90), Seed(2, 0.99, SeedOutcome.Failed), Seed(3, 0.5, SeedOutcome.Running)])!;

        Assert.AreEqual(1, s.SeedCount);
        Assert.AreEqual(0.90, s.Best, 1e-12);
        Assert.AreEqual(0, s.StandardDeviation);
    }

    [TestMethod]
    public void No_summary_without_a_succeeded_seed()
    {
        Assert.IsNull(AccuracySummary.Of([new SeedResult(1, SeedOutcome.NotStarted, null)]));
    }
}
