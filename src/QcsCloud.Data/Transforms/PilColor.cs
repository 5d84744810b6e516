using QcsCloud.Data.Images;

namespace QcsCloud.Data.Transforms;

/// <summary>
/// torchvision ColorJitter on PIL images: ImageEnhance Brightness / Contrast / Color as blends with a degenerate
/// image (truncating like PIL's Blend.c), hue as a uint8 shift of H in PIL's HSV. Works in place.
/// </summary>
public static class PilColor
{
    /// <summary>PIL's L = (19595 R + 38470 G + 7471 B + 0x8000) >> 16.</summary>
    public static int Luma(int r, int g, int b) => (r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16;

    private static byte Blend(int degenerate, int value, float factor)
    {
        var t = degenerate + factor * (value - degenerate);
        return t <= 0f ? (byte)0 : t >= 255f ? (byte)255 : (byte)t;
    }

    public static void Brightness(RgbImage image, float factor)
    {
        Span<byte> lut = stackalloc byte[256];                         // the blend depends on the value only
        for (var v = 0; v < 256; v++) lut[v] = Blend(0, v, factor);
        var p = image.Pixels;
        for (var i = 0; i < p.Length; i++) p[i] = lut[p[i]];
    }

    public static void Contrast(RgbImage image, float factor)
    {
        var p = image.Pixels;
        long sum = 0;
        for (var i = 0; i < p.Length; i += 3) sum += Luma(p[i], p[i + 1], p[i + 2]);
        var mean = (int)((double)sum / (p.Length / 3) + 0.5);
        Span<byte> lut = stackalloc byte[256];
        for (var v = 0; v < 256; v++) lut[v] = Blend(mean, v, factor);
        for (var i = 0; i < p.Length; i++) p[i] = lut[p[i]];
    }

    public static void Saturation(RgbImage image, float factor)
    {
        var p = image.Pixels;
        for (var i = 0; i < p.Length; i += 3)
        {
            var l = Luma(p[i], p[i + 1], p[i + 2]);
            p[i] = Blend(l, p[i], factor);
            p[i + 1] = Blend(l, p[i + 1], factor);
            p[i + 2] = Blend(l, p[i + 2], factor);
        }
    }

    /// <summary>
    /// Hue shift by <paramref name="factor"/> in [-0.5, 0.5] of the colour wheel (uint8 wrap-around on H). The float vs
    /// double steps mirror PIL's Convert.c: one unit of H moves a saturated channel by ~6, so rounding must agree.
    /// </summary>
    public static void Hue(RgbImage image, float factor)
    {
        var shift = (byte)(int)(factor * 255);
        var p = image.Pixels;
        for (var i = 0; i < p.Length; i += 3)
        {
            int r = p[i], g = p[i + 1], b = p[i + 2];
            int max = Math.Max(r, Math.Max(g, b)), min = Math.Min(r, Math.Min(g, b));
            if (max == min) continue;                        // grey: s = 0, hue has no effect
            var cr = (float)(max - min);
            var s = cr / max;
            float rc = (max - r) / cr, gc = (max - g) / cr, bc = (max - b) / cr;
            float h = r == max ? bc - gc : g == max ? (float)(2.0 + rc - bc) : (float)(4.0 + gc - rc);
            h = (float)((h / 6.0 + 1.0) % 1.0);
            var hByte = (byte)(Math.Clamp((int)(h * 255.0), 0, 255) + shift);
            var sByte = Math.Clamp((int)(s * 255.0), 0, 255);
            HsvToRgb(hByte, sByte, max, out p[i], out p[i + 1], out p[i + 2]);
        }
    }

    private static void HsvToRgb(int h, int s, int v, out byte r, out byte g, out byte b)
    {
        if (s == 0) { r = g = b = (byte)v; return; }
        var i = (int)Math.Floor(h * 6.0 / 255.0);
        var f = (float)(h * 6.0 / 255.0 - i);
        var fs = (float)(s / 255.0);
        var pp = Clip(Math.Round(v * (1.0 - fs), MidpointRounding.AwayFromZero));
        var q = Clip(Math.Round(v * (1.0 - fs * f), MidpointRounding.AwayFromZero));
        var t = Clip(Math.Round(v * (1.0 - fs * (1.0 - f)), MidpointRounding.AwayFromZero));
        var vb = (byte)v;
        (r, g, b) = (i % 6) switch
        {
            0 => (vb, t, pp),
            1 => (q, vb, pp),
            2 => (pp, vb, t),
            3 => (pp, q, vb),
            4 => (t, pp, vb),
            _ => (vb, pp, q),
        };
    }

    private static byte Clip(double v) => v <= 0 ? (byte)0 : v >= 255 ? (byte)255 : (byte)(int)v;
}
