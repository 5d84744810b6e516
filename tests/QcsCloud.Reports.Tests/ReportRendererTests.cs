
namespace QcsCloud.Reports.Tests;

[TestClass]
public sealed class ReportRendererTests
{
    public TestContext TestContext { get; set; } = null!;

    private string NewFolder(string name)
    {
        var dir = Path.Combine(TestContext.TestRunResultsDirectory ?? Path.GetTempPath(), "reports", name);
        if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        return dir;
    }

    [TestMethod]
    public void Render_writes_json_markdown_html_and_one_png_per_plot()
    {
        var dir = NewFolder("full");
        var rendered = ReportRenderer.Render(SampleReports.Full(), dir);

        Assert.IsTrue(File.Exists(rendered.Json));
        Assert.IsTrue(File.Exists(rendered.Markdown));
        Assert.IsTrue(File.Exists(rendered.Html));
        // 3 phases x (loss, accuracy, confusion counts, confusion normalised, per-class).
        Assert.AreEqual(15, rendered.Images.Count, string.Join(", ", rendered.RelativeFiles));
        foreach (var png in rendered.Images)
        {
            var bytes = File.ReadAllBytes(png);
            Assert.IsTrue(bytes.Length > 5000, $"{png} is only {bytes.Length} bytes");
            CollectionAssert.AreEqual(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes.Take(4).ToArray(), png);
        }
    }

    [TestMethod]
    public void Report_json_reads_back_to_the_same_numbers()
    {
        var report = SampleReports.Full();
        var rendered = ReportRenderer.Render(report, NewFolder("roundtrip"));
        var back = ReportRenderer.ReadJson(rendered.Json);

        Assert.AreEqual(report.RunId, back.RunId);
        Assert.AreEqual(report.Datasets.Count, back.Datasets.Count);
        var a = report.Datasets[1].Phases[0].Seeds[2].Reported!.Test;
        var b = back.Datasets[1].Phases[0].Seeds[2].Reported!.Test;
        Assert.AreEqual(a.Accuracy, b.Accuracy);
        CollectionAssert.AreEqual(a.ConfusionMatrix.SelectMany(r => r).ToArray(), b.ConfusionMatrix.SelectMany(r => r).ToArray());
        Assert.AreEqual(report.Datasets[1].Phases[0].Summary, back.Datasets[1].Phases[0].Summary);
    }

    [TestMethod]
    public void A_diverged_seed_and_validation_curves_still_render()
    {
        var r = SampleReports.SingleSeed();
        var seed = r.Datasets[0].Phases[0].Seeds[0];
        var m = seed.Metrics!;
        var epochs = m.Epochs.Select((e, i) => e with
        {
            TrainLoss = i == m.Epochs.Count - 1 ? double.PositiveInfinity : e.TrainLoss,
            Validation = e.Test! with { Split = "validation" },
        }).ToList();
        var report = r with { Datasets = [r.Datasets[0] with { Phases = [r.Datasets[0].Phases[0] with { Seeds = [seed with { Metrics = m with { Epochs = epochs } }] }] }] };

        var errors = ReportValidator.Validate(report);
        // Only the plots: JSON itself cannot hold an infinite loss (the trainer stops before writing one).
        var dir = NewFolder("diverged");
        var pngs = ReportImages.Write(report, dir).All.ToList();

        Assert.AreEqual(0, errors.Count, string.Join("; ", errors));
        Assert.AreEqual(5, pngs.Count);
    }
}
