using ScottPlot;

namespace QcsCloud.Reports.Plots;

/// <summary>One look for every plot: sizes, seed colours, and the DejaVu Sans fonts embedded in this assembly (SkiaSharp's NoDependencies build sees no system fonts).</summary>
internal static class PlotStyle
{
    public const int Width = 640;
    public const int Height = 400;

    private static readonly IPalette Palette = new ScottPlot.Palettes.Category10();

    public static Color SeedColor(int index) => Palette.GetColor(index);

    /// <summary>Epochs are whole numbers: no 1.5 ticks.</summary>
    public static void IntegerX(Plot plot) =>
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };

    public static Plot NewPlot(string title, string xLabel, string yLabel)
    {
        EmbeddedFontResolver.EnsureRegistered();
        var plot = new Plot();
        plot.Title(title, size: 15);
        plot.XLabel(xLabel, size: 13);
        plot.YLabel(yLabel, size: 13);
        return plot;
    }

    /// <summary>Class names slanted under their ticks, with room for the longest (FERPlus "Happiness").</summary>
    public static void RotateBottomLabels(Plot plot)
    {
        plot.Axes.Bottom.TickLabelStyle.Rotation = 30;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.UpperLeft;
        plot.Axes.Bottom.MinimumSize = 80;
        plot.Axes.Bottom.MajorTickStyle.Length = 4;
        plot.Axes.Bottom.MinorTickStyle.Length = 0;
    }

    /// <summary>Saves as PNG and disposes nothing: ScottPlot plots hold no native handles between renders.</summary>
    public static void Save(Plot plot, string path, int width = Width, int height = Height) =>
        plot.SavePng(path, width, height);
}
