using QcsCloud.Core;
using ScottPlot;

namespace QcsCloud.Reports.Plots;

/// <summary>Loss and accuracy per epoch, one colour per seed (solid: test; dashed: train).</summary>
internal static class TrainingCurvePlot
{
    public static bool DrawLoss(IReadOnlyList<(int Seed, TrainingMetrics Metrics)> runs, string title, string path) =>
        Draw(runs, title, path, "Loss",
            [new("train", LinePattern.Dashed, e => e.TrainLoss), new("test", LinePattern.Solid, e => e.Test?.Loss)],
            plot =>
            {
                plot.Axes.SetLimitsY(0, Highest(plot) * 1.05);
                plot.ShowLegend(Edge.Right);   // outside: inside it covers the curves it names
            });

    public static bool DrawAccuracy(IReadOnlyList<(int Seed, TrainingMetrics Metrics)> runs, string title, string path) =>
        Draw(runs, title, path, "Accuracy (%)",
            [
                new("train", LinePattern.Dashed, e => 100 * e.TrainAccuracy),
                new("test", LinePattern.Solid, e => 100 * e.Test?.Accuracy),
                new("validation", LinePattern.Dotted, e => 100 * e.Validation?.Accuracy),
            ],
            plot =>
            {
                // Zoom on the data (curves near 90 % are unreadable on a 0-100 axis), in steps of 5 points.
                var low = Math.Max(0, Math.Floor((Lowest(plot) - 2) / 5) * 5);
                plot.Axes.SetLimitsY(low, 100);
                plot.ShowLegend(Edge.Right);   // outside: inside it covers the rising test curves
            });

    /// <summary>One line per seed and curve; the first curve (train) decides whether there is anything to draw.</summary>
    private sealed record Curve(string Split, LinePattern Pattern, Func<EpochMetrics, double?> Value);

    private static bool Draw(IReadOnlyList<(int Seed, TrainingMetrics Metrics)> runs, string title, string path, string yLabel,
        IReadOnlyList<Curve> curves, Action<Plot> finish)
    {
        var plot = PlotStyle.NewPlot(title, "Epoch", yLabel);
        PlotStyle.IntegerX(plot);
        var drawn = false;
        for (var i = 0; i < runs.Count; i++)
        {
            var color = PlotStyle.SeedColor(i);
            foreach (var curve in curves)
            {
                var points = runs[i].Metrics.Epochs.Where(e => curve.Value(e) is not null).ToList();
                if (points.Count == 0) continue;
                var line = Line(plot, points.Select(e => (double)Format.EpochNumber(e.Epoch)), points.Select(e => curve.Value(e)!.Value),
                    color, $"seed {runs[i].Seed} {curve.Split}", curve.Pattern);
                if (curve == curves[0]) drawn |= line;
            }
        }
        if (!drawn) return false;
        finish(plot);
        PlotStyle.Save(plot, path);
        return true;
    }

    private static double Highest(Plot plot) =>
        plot.GetPlottables().OfType<ScottPlot.Plottables.Scatter>().SelectMany(s => s.Data.GetScatterPoints()).Max(p => p.Y);

    private static double Lowest(Plot plot) =>
        plot.GetPlottables().OfType<ScottPlot.Plottables.Scatter>().SelectMany(s => s.Data.GetScatterPoints()).Min(p => p.Y);

    private static bool Line(Plot plot, IEnumerable<double> xs, IEnumerable<double> ys, Color color, string label, LinePattern pattern)
    {
        // Non-finite points (a diverged loss) are left out rather than breaking the axis limits.
        var points = xs.Zip(ys).Where(p => double.IsFinite(p.Second)).ToArray();
        var x = points.Select(p => p.First).ToArray();
        var y = points.Select(p => p.Second).ToArray();
        if (x.Length == 0) return false;
        var line = plot.Add.Scatter(x, y, color);
        line.LegendText = label;
        line.LinePattern = pattern;
        line.LineWidth = 2;
        line.MarkerSize = x.Length == 1 ? 7 : 0;   // a single epoch is a point, not an invisible line
        return true;
    }
}
