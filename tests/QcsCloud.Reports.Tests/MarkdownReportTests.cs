
namespace QcsCloud.Reports.Tests;

[TestClass]
public sealed class MarkdownReportTests
{
    [TestMethod]
    public void Markdown_links_every_plot_that_exists_beside_it()
    {
        var dir = Directory.CreateTempSubdirectory("qcs-report-md-").FullName;
        try
        {
            var rendered = ReportRenderer.Render(SampleReports.Full(), dir);
            var md = File.ReadAllText(rendered.Markdown);
            var links = System.Text.RegularExpressions.Regex.Matches(md, @"!\[[^\]]*\]\(([^)]+)\)").Select(m => m.Groups[1].Value).ToList();

            Assert.AreEqual(15, links.Count);
            foreach (var link in links) Assert.IsTrue(File.Exists(Path.Combine(dir, link)), link);
            StringAssert.Contains(md, "| Dataset | Run | Best acc. % |");
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [TestMethod]
    public void Pipes_and_newlines_in_errors_do_not_break_tables()
    {
        Assert.AreEqual(@"a \| b<br>c &lt;x&gt;", MarkdownReportWriter.Escape("a | b\nc <x>"));
    }
}
