using ScottPlot;

namespace QcsCloud.Reports.Plots;

/// <summary>Confusion matrix heatmap (rows: true class, columns: predicted), counts or row-normalised, with cell labels.</summary>
internal static class ConfusionMatrixPlot
{
    public static void Draw(IReadOnlyList<IReadOnlyList<int>> matrix, IReadOnlyList<string> classes, bool normalise, string title, string path)
    {
        var n = classes.Count;
        var values = new double[n, n];
        for (var r = 0; r < n; r++)
        {
            double rowSum = matrix[r].Sum();
            for (var c = 0; c < n; c++)
                values[r, c] = normalise ? (rowSum > 0 ? matrix[r][c] / rowSum : 0) : matrix[r][c];
        }

        var plot = PlotStyle.NewPlot(title, "Predicted", "True");
        var heatmap = plot.Add.Heatmap(values);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        // ScottPlot centres cell (r, c) on (c, n-1-r): row 0 (the first class) on top, as confusion matrices are read.
        var max = values.Cast<double>().DefaultIfEmpty(0).Max();
        // Cell labels only while they fit (a generic dataset may have dozens of classes).
        for (var r = 0; r < n && n <= 12; r++)
            for (var c = 0; c < n; c++)
            {
                var v = values[r, c];
                var text = plot.Add.Text(normalise ? v.ToString("0.00") : ((int)v).ToString(), c, n - 1 - r);
                text.LabelAlignment = Alignment.MiddleCenter;
                text.LabelFontSize = n > 7 ? 11 : 12;
                // Light text on the dark (low) end of viridis, dark text on the bright end.
                text.LabelFontColor = max > 0 && v / max > 0.6 ? Colors.Black : Colors.White;
            }
        var colorBar = plot.Add.ColorBar(heatmap);
        colorBar.Label = normalise ? "fraction of the true class" : "images";

        var ticks = Enumerable.Range(0, n).Select(i => (double)i).ToArray();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks, classes.ToArray());
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks, classes.Reverse().ToArray());
        PlotStyle.RotateBottomLabels(plot);
        plot.Axes.SetLimits(-0.5, n - 0.5, -0.5, n - 0.5);
        plot.HideGrid();
        PlotStyle.Save(plot, path, 620, 540);
    }
}
