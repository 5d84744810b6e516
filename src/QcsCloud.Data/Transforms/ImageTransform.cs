using QcsCloud.Data.Images;

namespace QcsCloud.Data.Transforms;

/// <summary>
/// Runs a <see cref="TransformOptions"/> pipeline on one decoded image and writes the normalised CHW floats
/// ([3, S, S], ImageNet mean/std) into a caller's buffer. Every random choice comes from the given
/// <see cref="SeededRandom"/>, so the same (seed, epoch, position, branch) always gives the same floats.
/// </summary>
public static class ImageTransform
{
    public static float[] Apply(RgbImage image, TransformOptions options, SeededRandom? random)
    {
        var output = new float[3 * options.CropSize * options.CropSize];
        Apply(image, options, random, output);
        return output;
    }

    public static void Apply(RgbImage image, TransformOptions options, SeededRandom? random, Span<float> output)
    {
        var size = options.CropSize;
        if (output.Length != 3 * size * size)
            throw new ArgumentException($"Output buffer has {output.Length} floats; [3, {size}, {size}] needs {3 * size * size}");
        var rng = random ?? new SeededRandom(0);
        // Intermediates live in per-thread scratch images (slots 0/1 for the resize, then 2 and 3 in turn).
        var buffers = ImageBuffers.ThreadScratch;
        var slot = 0;
        RgbImage Next(int w, int h) => buffers.Get(w, h, slot = slot == 2 ? 3 : 2);
        var x = PilResize.Resize(image, options.ResizeTo, options.ResizeTo, buffers);
        if (options.HFlipProbability > 0 && rng.NextDouble() < options.HFlipProbability) x = PilGeometry.FlipHorizontal(x, Next(x.Width, x.Height));
        if (options.RotationDegrees > 0)
            x = PilGeometry.Rotate(x, rng.Uniform(-options.RotationDegrees, options.RotationDegrees), Next(x.Width, x.Height));
        if (size != options.ResizeTo)
        {
            if (options.RandomCrop)
            {
                var top = rng.NextInt(x.Height - size + 1);
                var left = rng.NextInt(x.Width - size + 1);
                x = PilGeometry.Crop(x, top, left, Next(size, size));
            }
            else x = PilGeometry.CenterCrop(x, Next(size, size));
        }
        if (options.HasJitter) ColorJitter(x, options, rng);
        Normalize(x, output);
        if (options.EraseProbability > 0 && rng.NextDouble() < options.EraseProbability) Erase(output, size, options, rng);
    }

    /// <summary>The four adjustments in a random order, factors uniform in [1-b, 1+b] and [-hue, hue].</summary>
    private static void ColorJitter(RgbImage x, TransformOptions o, SeededRandom rng)
    {
        var order = rng.Permutation(4);
        var brightness = (float)rng.Uniform(Math.Max(0, 1 - o.Brightness), 1 + o.Brightness);
        var contrast = (float)rng.Uniform(Math.Max(0, 1 - o.Contrast), 1 + o.Contrast);
        var saturation = (float)rng.Uniform(Math.Max(0, 1 - o.Saturation), 1 + o.Saturation);
        var hue = (float)rng.Uniform(-o.Hue, o.Hue);
        foreach (var op in order)
        {
            switch (op)
            {
                case 0 when o.Brightness > 0: PilColor.Brightness(x, brightness); break;
                case 1 when o.Contrast > 0: PilColor.Contrast(x, contrast); break;
                case 2 when o.Saturation > 0: PilColor.Saturation(x, saturation); break;
                case 3 when o.Hue > 0: PilColor.Hue(x, hue); break;
            }
        }
    }

    /// <summary>(v / 255 - mean) / std for each byte value and channel, computed once with the same float steps.</summary>
    private static readonly Lazy<float[]> NormalizeTable = new(() =>
    {
        var table = new float[3 * 256];
        for (var c = 0; c < 3; c++)
            for (var v = 0; v < 256; v++)
                table[c * 256 + v] = (v / 255f - TransformOptions.ImageNetMean[c]) / TransformOptions.ImageNetStd[c];
        return table;
    });

    /// <summary>ToTensor + Normalize: HWC bytes -> CHW (v / 255 - mean) / std.</summary>
    public static void Normalize(RgbImage x, Span<float> output)
    {
        var plane = x.Width * x.Height;
        var p = x.Pixels;
        var lut = NormalizeTable.Value;
        for (var c = 0; c < 3; c++)
        {
            var o = output.Slice(c * plane, plane);
            var table = lut.AsSpan(c * 256, 256);
            for (int i = 0, j = c; i < plane; i++, j += 3) o[i] = table[p[j]];
        }
    }

    /// <summary>torchvision RandomErasing(value=0): up to 10 tries for a box of area scale and log-uniform ratio.</summary>
    private static void Erase(Span<float> output, int size, TransformOptions o, SeededRandom rng)
    {
        var area = (double)size * size;
        double logMin = Math.Log(o.EraseRatioMin), logMax = Math.Log(o.EraseRatioMax);
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var eraseArea = area * rng.Uniform(o.EraseScaleMin, o.EraseScaleMax);
            var aspect = Math.Exp(rng.Uniform(logMin, logMax));
            var h = (int)Math.Round(Math.Sqrt(eraseArea * aspect), MidpointRounding.ToEven);
            var w = (int)Math.Round(Math.Sqrt(eraseArea / aspect), MidpointRounding.ToEven);
            if (!(h < size && w < size)) continue;
            var top = rng.NextInt(size - h + 1);
            var left = rng.NextInt(size - w + 1);
            for (var c = 0; c < 3; c++)
                for (var y = top; y < top + h; y++)
                    output.Slice(c * size * size + y * size + left, w).Clear();
            return;
        }
    }
}
