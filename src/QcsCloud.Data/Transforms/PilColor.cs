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
        const int cacheBits = 12;
        var shift = (byte)(int)(factor * 255);
        var p = image.Pixels;
        // The result is a pure function of (r, g, b): a small direct-mapped cache skips the HSV round trip for
        // colours seen a moment ago (neighbouring pixels repeat often). Exact by construction.
        Span<int> keys = stackalloc int[1 << cacheBits];
        Span<int> values = stackalloc int[1 << cacheBits];
        keys.Fill(-1);
        for (var i = 0; i < p.Length; i += 3)
        {
            int r = p[i], g = p[i + 1], b = p[i + 2];
            int max = Math.Max(r, Math.Max(g, b)), min = Math.Min(r, Math.Min(g, b));
            if (max == min) continue;                        // grey: s = 0, hue has no effect
            var key = (r << 16) | (g << 8) | b;
            var slot = (int)((uint)key * 2654435761u >> (32 - cacheBits));
            if (keys[slot] == key)
            {
                var v = values[slot];
                p[i] = (byte)(v >> 16);
                p[i + 1] = (byte)(v >> 8);
                p[i + 2] = (byte)v;
                continue;
            }
            var cr = (float)(max - min);
            var s = cr / max;
            float h;
            if (r == max) h = (max - b) / cr - (max - g) / cr;
            else if (g == max) h = (float)(2.0 + (max - r) / cr - (max - b) / cr);
            else h = (float)(4.0 + (max - g) / cr - (max - r) / cr);
            var wrapped = h / 6.0 + 1.0;                      // fmod(h/6 + 1, 1): the sum is in [5/6, 11/6), so one subtraction is exact
            h = (float)(wrapped >= 1.0 ? wrapped - 1.0 : wrapped);
            var hByte = (byte)(Math.Clamp((int)(h * 255.0), 0, 255) + shift);
            var sByte = Math.Clamp((int)(s * 255.0), 0, 255);
            if (sByte == 0) p[i] = p[i + 1] = p[i + 2] = (byte)max;
            else HsvToRgb(hByte, sByte, max, p.AsSpan(i, 3));
            keys[slot] = key;
            values[slot] = (p[i] << 16) | (p[i + 1] << 8) | p[i + 2];
        }
    }

    /// <summary>
    /// PIL's hsv2rgb. <c>round()</c> of a non-negative value is <c>(int)(x + 0.5)</c> here: x = v * (1 - float) has at
    /// most ~33 significant bits, so adding 0.5 is exact and the two agree.
    /// </summary>
    private static void HsvToRgb(int h, int s, int v, Span<byte> rgb)
    {
        var h6 = h * 6.0 / 255.0;
        var i = (int)h6;                                                  // floor: h6 >= 0
        var f = (float)(h6 - i);
        var fs = (float)(s / 255.0);
        var pp = Clip((int)(v * (1.0 - fs) + 0.5));
        var q = Clip((int)(v * (1.0 - fs * f) + 0.5));
        var t = Clip((int)(v * (1.0 - fs * (1.0 - f)) + 0.5));
        var vb = (byte)v;
        switch (i % 6)
        {
            case 0: rgb[0] = vb; rgb[1] = t; rgb[2] = pp; break;
            case 1: rgb[0] = q; rgb[1] = vb; rgb[2] = pp; break;
            case 2: rgb[0] = pp; rgb[1] = vb; rgb[2] = t; break;
            case 3: rgb[0] = pp; rgb[1] = q; rgb[2] = vb; break;
            case 4: rgb[0] = t; rgb[1] = pp; rgb[2] = vb; break;
            default: rgb[0] = vb; rgb[1] = pp; rgb[2] = q; break;
        }
    }

    private static byte Clip(int v) => v <= 0 ? (byte)0 : v >= 255 ? (byte)255 : (byte)v;
}
