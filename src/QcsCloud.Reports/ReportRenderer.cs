using QcsCloud.Core;

namespace QcsCloud.Reports;

/// <summary>
/// Writes a run's report into a folder: <c>report.json</c> (the <see cref="RunReport"/>, schema
/// <c>report.schema.json</c>), <c>report.md</c>, a self-contained <c>report.html</c> and the PNG plots under
/// <c>img/</c> (the HTML embeds them as data URIs; the Markdown links them). The workflow uploads the folder
/// to <c>reports/&lt;run&gt;/</c>.
/// </summary>
public static class ReportRenderer
{
    public const string JsonFile = "report.json";
    public const string MarkdownFile = "report.md";
    public const string HtmlFile = "report.html";
    public const string ImageFolder = "img";

    public static RenderedReport Render(RunReport report, string outputDir)
    {
        ArgumentNullException.ThrowIfNull(report);
        ReportValidator.ThrowIfInvalid(report);
        Directory.CreateDirectory(outputDir);
        var images = ReportImages.Write(report, outputDir);

        var json = Path.Combine(outputDir, JsonFile);
        File.WriteAllText(json, QcsJson.Serialize(report));
        var md = Path.Combine(outputDir, MarkdownFile);
        File.WriteAllText(md, MarkdownReportWriter.Write(report, images));
        var html = Path.Combine(outputDir, HtmlFile);
        File.WriteAllText(html, HtmlReportWriter.Write(report, images, outputDir));
        return new RenderedReport(outputDir, json, md, html, images.All.Select(i => Path.Combine(outputDir, i.RelativePath)).ToList());
    }

    /// <summary>Reads a <c>report.json</c> back; the error names the file.</summary>
    public static RunReport ReadJson(string path) => QcsJson.Deserialize<RunReport>(File.ReadAllText(path), path);
}
