using QcsCloud.Data.Images;
using QcsCloud.Data.Transforms;
using SkiaSharp;

namespace QcsCloud.Data.Synthetic;

/// <summary>
/// Draws a cartoon face whose expression (mouth, brows, eyes) carries the class, with nuisance factors drawn the
/// same way for every class: face position, size and tilt, skin tone, background, brightness, per-pixel noise and
/// small per-image wobble of the expression features. A small CNN learns the class; a constant guess does not.
/// </summary>
internal static class FaceRenderer
{
    /// <summary>Renders a <paramref name="width"/>x<paramref name="height"/> image with the face filling <paramref name="face"/>.</summary>
    public static RgbImage Render(string className, int width, int height, PixelBox face, SeededRandom rng)
    {
        var e = Expression.For(className);
        float W(float v, float amount) => v + (float)rng.Uniform(-amount, amount);
        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var bitmap = new SKBitmap(info);
        using (var canvas = new SKCanvas(bitmap))
        {
            var bg = (byte)rng.NextInt(200);
            canvas.Clear(new SKColor(bg, (byte)Math.Min(255, bg + rng.NextInt(50)), (byte)Math.Min(255, bg + rng.NextInt(50))));
            using var paint = new SKPaint { IsAntialias = true };
            // Clutter outside the face (AffectNet images are larger than their face box).
            for (var i = 0; i < 3; i++)
            {
                paint.Color = new SKColor((byte)rng.NextInt(256), (byte)rng.NextInt(256), (byte)rng.NextInt(256));
                canvas.DrawCircle((float)rng.Uniform(0, width), (float)rng.Uniform(0, height), (float)rng.Uniform(2, width / 6.0), paint);
            }
            var scale = Math.Min(face.Width, face.Height) / 100f * (float)rng.Uniform(0.88, 1.0);
            // Roughly aligned, like RAF-DB's aligned crops: a few pixels of shift and a few degrees of tilt.
            canvas.Translate(face.X + face.Width / 2f + (float)rng.Uniform(-4, 4) * scale, face.Y + face.Height / 2f + (float)rng.Uniform(-4, 4) * scale);
            canvas.RotateDegrees((float)rng.Uniform(-6, 6));
            canvas.Scale(scale);
            // Face: a skin-toned oval in a 100-unit frame centred on (0, 0).
            var skin = (float)rng.Uniform(0.35, 1.0);
            paint.Color = new SKColor((byte)(255 * skin), (byte)(205 * skin), (byte)(170 * skin));
            canvas.DrawOval(0, 0, 36, 46, paint);
            var ink = new SKColor((byte)rng.NextInt(60), (byte)rng.NextInt(40), (byte)rng.NextInt(40));
            using var stroke = new SKPaint { IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = 4f, StrokeCap = SKStrokeCap.Round, Color = ink };
            using var fill = new SKPaint { IsAntialias = true, Color = ink };
            // Eyes: openness is the class signal.
            var eyeOpen = W(e.EyeOpen, 0.12f);
            foreach (var side in new[] { -1f, 1f })
                canvas.DrawOval(side * 14, -8, 5.5f, Math.Max(0.8f, 4.2f * eyeOpen), fill);
            // Brows: tilt (inner end up or down) and height.
            var tilt = W(e.BrowTilt, 0.15f) * 5f;
            var browY = -19 - W(e.BrowRaise, 0.15f) * 6f;
            foreach (var side in new[] { -1f, 1f })
                canvas.DrawLine(side * 6, browY - tilt, side * 22, browY + tilt * 0.3f, stroke);
            // Mouth: a curve whose ends go up (smile) or down (frown), opened into a filled shape, maybe one-sided.
            var curve = W(e.MouthCurve, 0.15f) * 9f;
            var open = Math.Max(0f, W(e.MouthOpen, 0.1f)) * 12f;
            var smirk = e.Smirk * 8f;
            using var mouth = new SKPathBuilder();
            mouth.MoveTo(-14, 22 - curve);
            mouth.QuadTo(0, 22 + curve + open, 14, 22 - curve - smirk);
            var filled = open > 1.5f;
            if (filled)
            {
                mouth.QuadTo(0, 22 + curve - open * 0.6f, -14, 22 - curve);
                mouth.Close();
            }
            using var path = mouth.Detach();
            canvas.DrawPath(path, filled ? fill : stroke);
        }
        var rgba = bitmap.Bytes;
        var rgb = new byte[width * height * 3];
        var gain = (float)rng.Uniform(0.7, 1.3);
        for (int i = 0, o = 0; o < rgb.Length; i += 4, o += 3)
        {
            var noise = (float)rng.Uniform(-12, 12);
            rgb[o] = Clamp(rgba[i] * gain + noise);
            rgb[o + 1] = Clamp(rgba[i + 1] * gain + noise);
            rgb[o + 2] = Clamp(rgba[i + 2] * gain + noise);
        }
        return new RgbImage(width, height, rgb);
    }

    private static byte Clamp(float v) => v <= 0 ? (byte)0 : v >= 255 ? (byte)255 : (byte)v;

    public static byte[] EncodeJpeg(RgbImage image, int quality = 90) => ImageEncoder.EncodeJpeg(image, quality);

    public static byte[] Grey(RgbImage image)
    {
        var grey = new byte[image.Width * image.Height];
        var p = image.Pixels;
        for (var i = 0; i < grey.Length; i++) grey[i] = (byte)PilColor.Luma(p[i * 3], p[i * 3 + 1], p[i * 3 + 2]);
        return grey;
    }
}
