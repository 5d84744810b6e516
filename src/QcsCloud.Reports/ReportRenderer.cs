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

        // report.json points at the copies beside it, so the folder stays valid wherever it is downloaded.
        var portable = images.Attention.Count == 0 ? report : report with
        {
            AttentionMaps = images.Attention.Select(a => a.Figure with { File = a.Image.RelativePath }).ToList(),
        };
        var json = Path.Combine(outputDir, JsonFile);
        File.WriteAllText(json, QcsJson.Serialize(portable));
        var md = Path.Combine(outputDir, MarkdownFile);
        File.WriteAllText(md, MarkdownReportWriter.Write(report, images));
        var html = Path.Combine(outputDir, HtmlFile);
        File.WriteAllText(html, HtmlReportWriter.Write(report, images, outputDir));
        return new RenderedReport(outputDir, json, md, html, images.All.Select(i => Path.Combine(outputDir, i.RelativePath)).ToList());
    }

    /// <summary>The JSON Schema (draft 2020-12) of <c>report.json</c>, as committed in <c>report.schema.json</c>.</summary>
    public static string JsonSchema()
    {
        using var stream = typeof(ReportRenderer).Assembly.GetManifestResourceStream("QcsCloud.Reports.report.schema.json")
            ?? throw new InvalidOperationException("report.schema.json is not embedded in QcsCloud.Reports");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>Reads a <c>report.json</c> back; the error names the file.</summary>
    public static RunReport ReadJson(string path) => QcsJson.Deserialize<RunReport>(File.ReadAllText(path), path);
}
