using QcsCloud.Core;

namespace QcsCloud.Reports.Tests;

[TestClass]
public sealed class ReportValidatorTests
{
    [TestMethod]
    public void Sample_reports_are_valid()
    {
        foreach (var r in new[] { SampleReports.Full(), SampleReports.WithFailures(), SampleReports.SingleSeed() })
            Assert.AreEqual(0, ReportValidator.Validate(r).Count, string.Join("; ", ReportValidator.Validate(r)));
    }

    [TestMethod]
    public void Percent_accuracy_is_rejected_with_the_field_path()
    {
        var r = SampleReports.SingleSeed();
        var seed = r.Datasets[0].Phases[0].Seeds[0];
        var m = seed.Metrics!;
        var bad = m with { LastEpoch = m.LastEpoch! with { Test = m.LastEpoch.Test with { Accuracy = 91.5 } } };
        var report = r with { Datasets = [r.Datasets[0] with { Phases = [r.Datasets[0].Phases[0] with { Seeds = [seed with { Metrics = bad }] }] }] };

        var ex = Assert.ThrowsExactly<ArgumentException>(() => ReportRenderer.Render(report, Path.GetTempPath()));

        StringAssert.Contains(ex.Message, "datasets[0].phases[0].seeds[0].metrics.lastEpoch.test.accuracy = 91.5");
    }

    [TestMethod]
    public void Confusion_matrix_of_the_wrong_size_is_rejected()
    {
        var r = SampleReports.SingleSeed();
        var ds = r.Datasets[0] with { ClassNames = DatasetCatalog.FerPlusClasses };   // 8 names, 7x7 matrices

        var errors = ReportValidator.Validate(r with { Datasets = [ds] });

        Assert.IsTrue(errors.Any(e => e.Contains("confusionMatrix has 7 rows, the dataset has 8 classes")), string.Join("\n", errors));
    }

    [TestMethod]
    public void A_seed_listed_twice_in_a_phase_is_rejected()
    {
        var r = SampleReports.SingleSeed();
        var phase = r.Datasets[0].Phases[0];
        var twice = phase with { Seeds = [phase.Seeds[0], phase.Seeds[0]] };

        var errors = ReportValidator.Validate(r with { Datasets = [r.Datasets[0] with { Phases = [twice] }] });

        Assert.IsTrue(errors.Any(e => e.Contains("seed 7 appears twice")), string.Join("\n", errors));
    }

    [TestMethod]
    public void Missing_attention_figure_names_the_field_and_file()
    {
        var r = SampleReports.SingleSeed() with { AttentionMaps = [new AttentionFigure("rafdb", "/nonexistent/face.png", "x")] };
        var dir = Directory.CreateTempSubdirectory("qcs-report-").FullName;

        var ex = Assert.ThrowsExactly<FileNotFoundException>(() => ReportRenderer.Render(r, dir));

        StringAssert.Contains(ex.Message, "attentionMaps[0].file");
        StringAssert.Contains(ex.Message, "/nonexistent/face.png");
        Directory.Delete(dir, recursive: true);
    }
}
