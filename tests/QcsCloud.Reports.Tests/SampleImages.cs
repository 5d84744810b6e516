using SkiaSharp;

namespace QcsCloud.Reports.Tests;

/// <summary>Small PNGs for tests, drawn with SkiaSharp (no fonts needed).</summary>
internal static class SampleImages
{
    /// <summary>A 3-panel strip shaped like a <c>qcs explain</c> figure: a face-like oval with a warm blob per level.</summary>
    public static string WriteFace(string path)
    {
        const int size = 112;
        using var bitmap = new SKBitmap(size * 3, size);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.White);
            using var skin = new SKPaint { Color = new SKColor(224, 188, 160), IsAntialias = true };
            for (var level = 0; level < 3; level++)
            {
                var x = level * size;
                canvas.DrawOval(new SKRect(x + 20, 10, x + 92, 102), skin);
                using var heat = new SKPaint { Color = new SKColor(255, 40, 0, 140), IsAntialias = true };
                canvas.DrawCircle(x + 40 + 16 * level, 45 + 10 * level, 14, heat);
            }
        }
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        using var file = File.Create(path);
        data.SaveTo(file);
        return path;
    }
}
