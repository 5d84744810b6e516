using QcsCloud.Reports.Plots;

namespace QcsCloud.Reports;

/// <summary>Draws every plot of a report into <c>img/</c> and copies the attention figures into <c>attention/</c>.</summary>
public sealed class ReportImages
{
    private readonly Dictionary<PhaseKey, PhaseImages> phases = [];
    private readonly List<(AttentionFigure Figure, ReportImage Image)> attention = [];
    private readonly Dictionary<(string Dataset, Core.TrainPhase Phase), ReportImage> ablations = [];

    /// <summary>The accuracy-per-arm plot of one ablation table, when drawn.</summary>
    public ReportImage? Ablation(AblationTable table) => ablations.GetValueOrDefault((table.Dataset, table.Phase));

    public PhaseImages? For(PhaseKey key) => phases.GetValueOrDefault(key);

    public IReadOnlyList<(AttentionFigure Figure, ReportImage Image)> Attention => attention;

    public IEnumerable<ReportImage> All =>
        phases.Values.SelectMany(p => new[] { p.LossCurves, p.AccuracyCurves, p.ConfusionCounts, p.ConfusionNormalised, p.PerClassAccuracy })
            .OfType<ReportImage>()
            .Concat(ablations.Values)
            .Concat(attention.Select(a => a.Image));

    public static ReportImages Write(RunReport report, string outputDir)
    {
        var images = new ReportImages();
        var imgDir = Path.Combine(outputDir, ReportRenderer.ImageFolder);
        Directory.CreateDirectory(imgDir);
        foreach (var ds in report.Datasets)
            foreach (var phase in ds.Phases)
            {
                var key = PhaseKey.Of(ds, phase);
                images.phases[key] = PhasePlots.Draw(ds, phase, imgDir, key.Stem);
            }
        foreach (var table in report.Ablations ?? [])
        {
            var stem = $"{new PhaseKey(table.Dataset, table.Phase).Stem}-ablation";
            var label = $"{table.Dataset} {Format.Phase(table.Phase)}";
            if (AblationPlot.Draw(table, $"{label}: test accuracy per arm", Path.Combine(imgDir, $"{stem}.png")))
                images.ablations[(table.Dataset, table.Phase)] = new ReportImage($"{ReportRenderer.ImageFolder}/{stem}.png",
                    $"{label}: test accuracy of every seed per mode/variant (points, one colour per seed); black bar: mean over seeds");
        }
        images.CopyAttention(report, outputDir);
        return images;
    }

    private void CopyAttention(RunReport report, string outputDir)
    {
        if (report.AttentionMaps is not { Count: > 0 } maps) return;
        var dir = Path.Combine(outputDir, "attention");
        Directory.CreateDirectory(dir);
        for (var i = 0; i < maps.Count; i++)
        {
            var figure = maps[i];
            var source = Path.IsPathRooted(figure.File) ? figure.File : Path.Combine(outputDir, figure.File);
            if (!File.Exists(source))
                throw new FileNotFoundException($"attentionMaps[{i}].file: attention figure '{figure.File}' not found (looked at {source})", source);
            var name = $"{i:D2}-{PhaseKey.Slug(figure.Dataset)}.png";
            var target = Path.Combine(dir, name);
            if (!string.Equals(Path.GetFullPath(source), Path.GetFullPath(target), StringComparison.Ordinal))
                File.Copy(source, target, overwrite: true);
            attention.Add((figure, new ReportImage($"attention/{name}", figure.Caption)));
        }
    }
}
