namespace QcsCloud.Reports;

/// <summary>What <see cref="ReportRenderer.Render"/> wrote: the three documents and every picture, as full paths.</summary>
public sealed record RenderedReport(string Folder, string Json, string Markdown, string Html, IReadOnlyList<string> Images)
{
    /// <summary>Every file written, relative to <see cref="Folder"/> with '/' separators (what the workflow uploads).</summary>
    public IReadOnlyList<string> RelativeFiles =>
        new[] { Json, Markdown, Html }.Concat(Images)
            .Select(f => Path.GetRelativePath(Folder, f).Replace('\\', '/')).ToList();
}
