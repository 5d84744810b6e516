using QcsCloud.Core;

namespace QcsCloud.Reports.Tests;

[TestClass]
public sealed class AttentionFiguresTests
{
    [TestMethod]
    public void Explain_index_becomes_figures_that_render_into_the_report()
    {
        var dir = Directory.CreateTempSubdirectory("qcs-explain-index-").FullName;
        try
        {
            SampleImages.WriteFace(Path.Combine(dir, "attention-00.png"));
            File.WriteAllText(Path.Combine(dir, "explain.json"), """
                { "checkpoint": "best.ckpt", "dataset": "rafdb", "mode": "qcs", "split": "test",
                  "figures": [ { "file": "attention-00.png", "caption": "test_0001.jpg: true Happy, predicted Happy (91.0%)", "levelMaps": [[0.5, 0.5]] } ] }
                """);

            var figures = AttentionFigures.FromExplainIndex(Path.Combine(dir, "explain.json"), seed: 7, phase: TrainPhase.Pretrain);
            var out_ = Path.Combine(dir, "report");
            var rendered = ReportRenderer.Render(SampleReports.SingleSeed() with { AttentionMaps = figures }, out_);

            Assert.AreEqual(1, figures.Count);
            Assert.AreEqual("rafdb", figures[0].Dataset);
            CollectionAssert.Contains(rendered.RelativeFiles.ToList(), "attention/00-rafdb.png");
            StringAssert.Contains(File.ReadAllText(rendered.Html), "true Happy, predicted Happy");
            StringAssert.Contains(File.ReadAllText(rendered.Json), "\"file\": \"attention/00-rafdb.png\"");
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [TestMethod]
    public void A_figure_path_leaving_the_folder_is_refused()
    {
        var dir = Directory.CreateTempSubdirectory("qcs-explain-index-").FullName;
        try
        {
            var index = Path.Combine(dir, "explain.json");
            File.WriteAllText(index, """{ "dataset": "rafdb", "figures": [ { "file": "../secret.png", "caption": "x" } ] }""");

            var e = Assert.ThrowsExactly<InvalidDataException>(() => AttentionFigures.FromExplainIndex(index));

            StringAssert.Contains(e.Message, "figures[0].file '../secret.png'");
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
