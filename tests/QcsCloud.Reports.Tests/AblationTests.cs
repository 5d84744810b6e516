using QcsCloud.Core;

namespace QcsCloud.Reports.Tests;

[TestClass]
public sealed class AblationTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void The_paired_interval_matches_a_hand_computation()
    {
        // Differences 0.02, 0.01, 0.05: mean 0.026667, s = 0.020817, t(0.975, 2) = 4.302653, half width t s / sqrt(3).
        var difference = PairedDifference.Of("baseline",
            new Dictionary<int, double> { [1] = 0.90, [2] = 0.92, [3] = 0.95, [4] = 0.99 },
            new Dictionary<int, double> { [1] = 0.88, [2] = 0.91, [3] = 0.90 })!;

        Assert.AreEqual(3, difference.Pairs, "seed 4 has no baseline partner");
        Assert.AreEqual(0.026666667, difference.Mean, 1e-9);
        Assert.AreEqual(-0.025044783, difference.Low!.Value, 1e-8);
        Assert.AreEqual(0.078378117, difference.High!.Value, 1e-8);
        Assert.AreEqual(4.302652730, difference.TQuantile!.Value, 1e-8);
    }

    [TestMethod]
    public void One_pair_gives_a_difference_without_an_interval_and_none_gives_nothing()
    {
        var one = PairedDifference.Of("baseline", new Dictionary<int, double> { [1] = 0.9 }, new Dictionary<int, double> { [1] = 0.8 })!;

        Assert.AreEqual(0.1, one.Mean, 1e-12);
        Assert.IsNull(one.Low);
        Assert.IsNull(PairedDifference.Of("baseline", new Dictionary<int, double> { [1] = 0.9 }, new Dictionary<int, double> { [2] = 0.8 }));
    }

    [TestMethod]
    public void A_grid_report_groups_jobs_by_arm_and_has_one_ablation_row_per_mode_beside_the_paper()
    {
        var report = SampleReports.Grid();

        var raf = report.Datasets.Single(d => d.Dataset == "rafdb");
        CollectionAssert.AreEqual(new[] { "baseline", "dcs", "qcs", "baseline", "dcs", "qcs" }, raf.Phases.Select(p => p.Arm).ToArray());
        Assert.IsTrue(raf.Phases.Where(p => p.Phase == TrainPhase.FineTune).All(p => p.InitFrom!.Contains($"/{p.Arm}/affectnet8/pretrain/")),
            "each arm fine-tunes from its own AffectNet-8 model");
        var tables = report.Ablations!;
        CollectionAssert.AreEqual(new[] { "affectnet8 Pretrain", "rafdb Pretrain", "rafdb FineTune" }, tables.Select(t => $"{t.Dataset} {t.Phase}").ToArray());
        var fineTune = tables.Single(t => t.Dataset == "rafdb" && t.Phase == TrainPhase.FineTune);
        CollectionAssert.AreEqual(new[] { "baseline", "dcs", "qcs" }, fineTune.Rows.Select(r => r.Arm).ToArray());
        var baseline = fineTune.Rows[0];
        var qcs = fineTune.Rows[2];
        Assert.IsNull(baseline.VersusBaseline);
        Assert.AreEqual(3, qcs.SeedCount);
        Assert.AreEqual("baseline", qcs.VersusBaseline!.Reference);
        Assert.AreEqual(3, qcs.VersusBaseline.Pairs);
        var expected = qcs.Seeds.Zip(baseline.Seeds, (a, b) => a.Accuracy - b.Accuracy).Average();
        Assert.AreEqual(expected, qcs.VersusBaseline.Mean, 1e-12);
        Assert.IsTrue(qcs.VersusBaseline.Low < qcs.VersusBaseline.Mean && qcs.VersusBaseline.Mean < qcs.VersusBaseline.High);
        Assert.AreEqual(qcs.Seeds.Average(s => s.Accuracy), qcs.Mean!.Value, 1e-12);
        Assert.AreEqual(qcs.Seeds.MaxBy(s => s.Accuracy)!.Seed, qcs.BestSeed);
        Assert.IsNotNull(qcs.LastEpochMean);
        Assert.AreEqual(93.02, qcs.PaperAccuracy, "the paper's RAF-DB fine-tuned QCS number");
        Assert.IsNull(baseline.PaperAccuracy, "the paper publishes no baseline number");
    }

    [TestMethod]
    public void A_run_of_one_mode_has_no_ablation_section()
    {
        var report = SampleReports.Full();

        Assert.IsNull(report.Ablations);
        Assert.IsFalse(MarkdownReportWriter.Write(report, ReportImages.Write(report, Scratch("no-ablation"))).Contains("## Ablation"));
    }

    [TestMethod]
    public void Markdown_and_json_carry_the_ablation_table_the_test_and_the_plot()
    {
        var dir = Scratch("grid");
        var rendered = ReportRenderer.Render(SampleReports.Grid(), dir);

        var md = File.ReadAllText(rendered.Markdown);
        StringAssert.Contains(md, "## Ablation");
        StringAssert.Contains(md, "paired t-interval");
        StringAssert.Contains(md, "| QCS | 3 |");
        StringAssert.Contains(md, "(n=3 vs baseline)");
        StringAssert.Contains(md, "img/rafdb-finetune-ablation.png");
        Assert.IsTrue(File.Exists(Path.Combine(dir, "img", "rafdb-finetune-ablation.png")));
        Assert.IsTrue(File.Exists(Path.Combine(dir, "img", "rafdb-finetune-qcs-accuracy.png")), "per-arm curves get their own files");
        var json = ReportRenderer.ReadJson(rendered.Json);
        Assert.AreEqual(3, json.Ablations!.Count);
        StringAssert.Contains(File.ReadAllText(rendered.Json), "\"differenceMethod\": \"paired t-interval");
    }

    private string Scratch(string name)
    {
        var dir = Path.Combine(TestContext.TestRunResultsDirectory ?? Path.GetTempPath(), "ablation", name);
        if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        return dir;
    }
}
