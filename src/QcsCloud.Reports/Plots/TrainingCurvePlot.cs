using QcsCloud.Core;
using ScottPlot;

namespace QcsCloud.Reports.Plots;

/// <summary>Loss and accuracy per epoch, one colour per seed (solid: test; dashed: train).</summary>
internal static class TrainingCurvePlot
{
    public static bool DrawLoss(IReadOnlyList<(int Seed, TrainingMetrics Metrics)> runs, string title, string path)
    {
        var plot = PlotStyle.NewPlot(title, "Epoch", "Loss");
        PlotStyle.IntegerX(plot);
        var drawn = false;
        for (var i = 0; i < runs.Count; i++)
        {
            var epochs = runs[i].Metrics.Epochs;
            if (epochs.Count == 0) continue;
            var color = PlotStyle.SeedColor(i);
            drawn |= Line(plot, epochs.Select(e => (double)Format.EpochNumber(e.Epoch)), epochs.Select(e => e.TrainLoss), color, $"seed {runs[i].Seed} train", LinePattern.Dashed);
            var test = epochs.Where(e => e.Test?.Loss is not null).ToList();
            if (test.Count > 0)
                Line(plot, test.Select(e => (double)Format.EpochNumber(e.Epoch)), test.Select(e => e.Test!.Loss!.Value), color, $"seed {runs[i].Seed} test", LinePattern.Solid);
        }
        if (!drawn) return false;
        plot.Axes.SetLimitsY(0, Highest(plot) * 1.05);
        plot.ShowLegend(Alignment.UpperRight);
        PlotStyle.Save(plot, path);
        return true;
    }

    public static bool DrawAccuracy(IReadOnlyList<(int Seed, TrainingMetrics Metrics)> runs, string title, string path)
    {
        var plot = PlotStyle.NewPlot(title, "Epoch", "Accuracy (%)");
        PlotStyle.IntegerX(plot);
        var drawn = false;
        for (var i = 0; i < runs.Count; i++)
        {
            var epochs = runs[i].Metrics.Epochs;
            if (epochs.Count == 0) continue;
            var color = PlotStyle.SeedColor(i);
            drawn |= Line(plot, epochs.Select(e => (double)Format.EpochNumber(e.Epoch)), epochs.Select(e => 100 * e.TrainAccuracy), color, $"seed {runs[i].Seed} train", LinePattern.Dashed);
            var test = epochs.Where(e => e.Test is not null).ToList();
            if (test.Count > 0)
                Line(plot, test.Select(e => (double)Format.EpochNumber(e.Epoch)), test.Select(e => 100 * e.Test!.Accuracy), color, $"seed {runs[i].Seed} test", LinePattern.Solid);
            var validation = epochs.Where(e => e.Validation is not null).ToList();
            if (validation.Count > 0)
                Line(plot, validation.Select(e => (double)Format.EpochNumber(e.Epoch)), validation.Select(e => 100 * e.Validation!.Accuracy), color, $"seed {runs[i].Seed} validation", LinePattern.Dotted);
        }
        if (!drawn) return false;
        // Zoom on the data (curves near 90 % are unreadable on a 0-100 axis), in steps of 5 points.
        var low = Math.Max(0, Math.Floor((Lowest(plot) - 2) / 5) * 5);
        plot.Axes.SetLimitsY(low, 100);
        plot.ShowLegend(Alignment.LowerRight);
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
