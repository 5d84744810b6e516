using ScottPlot;
using SkiaSharp;

namespace QcsCloud.Reports.Plots;

/// <summary>
/// Gives ScottPlot the DejaVu Sans faces shipped inside this assembly, whatever font it asks for. SkiaSharp's
/// NoDependencies native build (what ScottPlot pulls in) sees no system fonts, and plots without text are useless;
/// one embedded face also makes the pictures the same on every machine.
/// </summary>
internal sealed class EmbeddedFontResolver : IFontResolver
{
    public const string Family = "DejaVu Sans";

    private static readonly Lazy<byte[]> Regular = new(() => Load("DejaVuSans.ttf"));
    private static readonly Lazy<byte[]> Bold = new(() => Load("DejaVuSans-Bold.ttf"));
    private static readonly object Gate = new();
    private static bool registered;

    /// <summary>Registers the resolver first in ScottPlot's (process-wide) list and makes DejaVu Sans the default.</summary>
    public static void EnsureRegistered()
    {
        lock (Gate)
        {
            if (registered) return;
            Fonts.FontResolvers.Insert(0, new EmbeddedFontResolver());
            Fonts.Default = Family;
            Fonts.Sans = Family;
            registered = true;
        }
    }

    public SKTypeface? CreateTypeface(string fontName, bool bold, bool italic) => Create(bold);

    public SKTypeface? CreateTypeface(string fontName, FontWeight weight, FontSlant slant, FontSpacing width) =>
        Create(weight >= FontWeight.SemiBold);

    // A new typeface per call: ScottPlot owns (and may dispose) what it gets.
    private static SKTypeface Create(bool bold) =>
        SKTypeface.FromStream(new MemoryStream(bold ? Bold.Value : Regular.Value))
        ?? throw new InvalidOperationException("SkiaSharp could not read the embedded DejaVu Sans font");

    private static byte[] Load(string file)
    {
        var name = $"QcsCloud.Reports.Fonts.{file}";
        using var stream = typeof(EmbeddedFontResolver).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Embedded font resource '{name}' is missing from QcsCloud.Reports");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
