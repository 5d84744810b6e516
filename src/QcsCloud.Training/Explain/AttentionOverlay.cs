using QcsCloud.Data.Images;
using QcsCloud.Data.Transforms;

namespace QcsCloud.Training.Explain;

/// <summary>
/// Draws an explained image as one PNG strip, like the paper's figures 8-9: the face, then for each level its CSA map
/// upsampled (bilinear) over the face in a jet colour map. No text (the captions go to <c>explain.json</c>).
/// </summary>
public static class AttentionOverlay
{
    private const int Gap = 6;

    public static RgbImage Render(ExplainedImage image, int size = 224)
    {
        var face = PilResize.Resize(image.Face, size, size);
        var panels = new List<RgbImage> { face };
        foreach (var map in image.LevelMaps) panels.Add(Blend(face, Heat(map, size)));
        var width = panels.Count * size + (panels.Count - 1) * Gap;
        var strip = new RgbImage(width, size);
        Array.Fill(strip.Pixels, (byte)255);
        for (var p = 0; p < panels.Count; p++)
            for (var y = 0; y < size; y++)
                Buffer.BlockCopy(panels[p].Pixels, y * size * 3, strip.Pixels, (y * width + p * (size + Gap)) * 3, size * 3);
        return strip;
    }

    /// <summary>A square map of N = g*g values upsampled to size x size, then min-max scaled to [0, 1].</summary>
    public static float[] Upsample(float[] map, int size)
    {
        var g = (int)Math.Round(Math.Sqrt(map.Length));
        if (g * g != map.Length) throw new ArgumentException($"attention map has {map.Length} values, not a square grid");
        var result = new float[size * size];
        for (var y = 0; y < size; y++)
        {
            // Half-pixel centres (align_corners=False), clamped at the border.
            var sy = Math.Clamp((y + 0.5f) * g / size - 0.5f, 0, g - 1);
            int y0 = (int)sy, y1 = Math.Min(y0 + 1, g - 1);
            var fy = sy - y0;
            for (var x = 0; x < size; x++)
            {
                var sx = Math.Clamp((x + 0.5f) * g / size - 0.5f, 0, g - 1);
                int x0 = (int)sx, x1 = Math.Min(x0 + 1, g - 1);
                var fx = sx - x0;
                var top = map[y0 * g + x0] * (1 - fx) + map[y0 * g + x1] * fx;
                var bottom = map[y1 * g + x0] * (1 - fx) + map[y1 * g + x1] * fx;
                result[y * size + x] = top * (1 - fy) + bottom * fy;
            }
        }
        // Softmax maps are nearly flat (about 1/N each): stretch each to the full colour range.
        float min = result.Min(), max = result.Max();
        var range = max - min > 1e-12f ? max - min : 1f;
        for (var i = 0; i < result.Length; i++) result[i] = (result[i] - min) / range;
        return result;
    }

    private static RgbImage Heat(float[] map, int size)
    {
        var values = Upsample(map, size);
        var heat = new RgbImage(size, size);
        for (var i = 0; i < values.Length; i++)
        {
            var (r, g, b) = Jet(values[i]);
            heat.Pixels[3 * i] = r;
            heat.Pixels[3 * i + 1] = g;
            heat.Pixels[3 * i + 2] = b;
        }
        return heat;
    }

    /// <summary>The classic jet map: blue (low) through green to red (high).</summary>
    public static (byte R, byte G, byte B) Jet(float t)
    {
        static byte Channel(float v) => (byte)Math.Round(255 * Math.Clamp(v, 0, 1));
        return (Channel(1.5f - Math.Abs(4 * t - 3)), Channel(1.5f - Math.Abs(4 * t - 2)), Channel(1.5f - Math.Abs(4 * t - 1)));
    }

    private static RgbImage Blend(RgbImage face, RgbImage heat)
    {
        var result = new RgbImage(face.Width, face.Height);
        for (var i = 0; i < result.Pixels.Length; i++)
            result.Pixels[i] = (byte)((face.Pixels[i] * 45 + heat.Pixels[i] * 55) / 100);
        return result;
    }

    public static void WritePng(RgbImage image, string path) => File.WriteAllBytes(path, ImageEncoder.EncodePng(image));
}
