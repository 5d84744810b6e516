using ScottPlot;

namespace QcsCloud.Reports.Plots;

/// <summary>Per-class test accuracy as grouped bars: one group per class, one bar per seed.</summary>
internal static class PerClassAccuracyPlot
{
    public static void Draw(IReadOnlyList<(int Seed, IReadOnlyList<double> PerClass)> seeds, IReadOnlyList<string> classes, string title, string path)
    {
        var plot = PlotStyle.NewPlot(title, "", "Accuracy (%)");
        var groupWidth = 0.8;
        var barWidth = groupWidth / seeds.Count;
        var bars = new List<Bar>();
        for (var s = 0; s < seeds.Count; s++)
        {
            var color = PlotStyle.SeedColor(s);
            for (var c = 0; c < classes.Count; c++)
                bars.Add(new Bar
                {
                    Position = c - groupWidth / 2 + barWidth * (s + 0.5),
                    Value = 100 * seeds[s].PerClass[c],
                    Size = barWidth * 0.92,
                    FillColor = color,
                    LineWidth = 0,
                });
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = $"seed {seeds[s].Seed}", FillColor = color });
        }
        plot.Add.Bars(bars);
        var ticks = Enumerable.Range(0, classes.Count).Select(i => (double)i).ToArray();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks, classes.ToArray());
        PlotStyle.RotateBottomLabels(plot);
        plot.Axes.SetLimits(-0.6, classes.Count - 0.4, 0, 105);
        plot.Axes.Margins(bottom: 0);
        plot.ShowLegend(Edge.Right);   // outside: inside it would hide the last class's bars
        PlotStyle.Save(plot, path, 680, 420);
    }
}
