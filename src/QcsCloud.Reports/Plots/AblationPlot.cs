using ScottPlot;

namespace QcsCloud.Reports.Plots;

/// <summary>Test accuracy per arm (mode / variant): every seed a point (one colour per seed), the mean a black bar.</summary>
internal static class AblationPlot
{
    public static bool Draw(AblationTable table, string title, string path)
    {
        var rows = table.Rows;
        if (rows.All(r => r.Seeds.Count == 0)) return false;
        var plot = PlotStyle.NewPlot(title, "", "Test accuracy (%)");
        var seeds = rows.SelectMany(r => r.Seeds.Select(s => s.Seed)).Distinct().Order().ToList();
        var low = double.MaxValue;
        var high = double.MinValue;
        for (var s = 0; s < seeds.Count; s++)
        {
            var points = rows.Select((r, i) => (X: i, Hit: r.Seeds.FirstOrDefault(p => p.Seed == seeds[s]))).Where(p => p.Hit is not null).ToList();
            // A small, fixed offset per seed so equal accuracies stay visible side by side.
            var offset = seeds.Count == 1 ? 0 : -0.15 + 0.3 * s / (seeds.Count - 1);
            var scatter = plot.Add.Scatter(points.Select(p => p.X + offset).ToArray(), points.Select(p => 100 * p.Hit!.Accuracy).ToArray());
            scatter.LineWidth = 0;
            scatter.MarkerSize = 9;
            scatter.Color = PlotStyle.SeedColor(s);
            scatter.LegendText = $"seed {seeds[s]}";
            low = Math.Min(low, points.Min(p => 100 * p.Hit!.Accuracy));
            high = Math.Max(high, points.Max(p => 100 * p.Hit!.Accuracy));
        }
        for (var i = 0; i < rows.Count; i++)
        {
            if (rows[i].Mean is not { } mean) continue;
            var bar = plot.Add.Line(i - 0.3, 100 * mean, i + 0.3, 100 * mean);
            bar.LineWidth = 2;
            bar.Color = Colors.Black;
        }
        var ticks = Enumerable.Range(0, rows.Count).Select(i => (double)i).ToArray();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks, rows.Select(r => r.Arm).ToArray());
        if (rows.Count > 4) PlotStyle.RotateBottomLabels(plot);
        var pad = Math.Max(1, (high - low) * 0.15);
        plot.Axes.SetLimits(-0.6, rows.Count - 0.4, Math.Max(0, low - pad), Math.Min(100, high + pad));
        plot.ShowLegend(Edge.Right);
        PlotStyle.Save(plot, path, 680, 420);
        return true;
    }
}
