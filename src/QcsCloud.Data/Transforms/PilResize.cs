using QcsCloud.Data.Images;

namespace QcsCloud.Data.Transforms;

/// <summary>
/// PIL's <c>Image.resize(size, BILINEAR)</c> for 8-bit RGB, as torchvision's Resize calls it on PIL images: a
/// separable triangle filter whose support widens when shrinking (antialiasing), horizontal pass first, 22-bit
/// fixed-point coefficients, round half up and clip. Written from PIL's Resample.c algorithm description.
/// </summary>
public static class PilResize
{
    private const int PrecisionBits = 32 - 8 - 2;

    public static RgbImage Resize(RgbImage image, int width, int height)
    {
        if (width < 1 || height < 1) throw new ArgumentException($"Resize target {width}x{height} must be positive");
        if (width == image.Width && height == image.Height) return new RgbImage(width, height, (byte[])image.Pixels.Clone());
        var current = image;
        if (width != image.Width) current = Horizontal(current, width);
        if (height != image.Height) current = Vertical(current, height);
        return current;
    }

    /// <summary>Per output pixel: first input index, tap count, and ksize fixed-point weights.</summary>
    internal static (int[] Bounds, int[] Weights, int KSize) Coefficients(int inSize, int outSize)
    {
        var scale = (double)inSize / outSize;
        var filterScale = Math.Max(scale, 1.0);
        var support = 1.0 * filterScale;                       // bilinear filter support is 1
        var kSize = (int)Math.Ceiling(support) * 2 + 1;
        var bounds = new int[outSize * 2];
        var weights = new int[outSize * kSize];
        var k = new double[kSize];
        for (var xx = 0; xx < outSize; xx++)
        {
            var center = (xx + 0.5) * scale;
            var ss = 1.0 / filterScale;
            var xmin = (int)(center - support + 0.5);
            if (xmin < 0) xmin = 0;
            var xmax = (int)(center + support + 0.5);
            if (xmax > inSize) xmax = inSize;
            xmax -= xmin;
            var ww = 0.0;
            for (var x = 0; x < xmax; x++)
            {
                var t = Math.Abs((x + xmin - center + 0.5) * ss);
                var w = t < 1.0 ? 1.0 - t : 0.0;
                k[x] = w;
                ww += w;
            }
            for (var x = 0; x < xmax; x++)
            {
                var w = ww != 0.0 ? k[x] / ww : k[x];
                weights[xx * kSize + x] = w < 0 ? (int)(-0.5 + w * (1 << PrecisionBits)) : (int)(0.5 + w * (1 << PrecisionBits));
            }
            bounds[xx * 2] = xmin;
            bounds[xx * 2 + 1] = xmax;
        }
        return (bounds, weights, kSize);
    }

    private static byte Clip8(int v) => v >= (1 << PrecisionBits << 8) ? (byte)255 : v <= 0 ? (byte)0 : (byte)(v >> PrecisionBits);

    private static RgbImage Horizontal(RgbImage image, int outWidth)
    {
        var (bounds, weights, kSize) = Coefficients(image.Width, outWidth);
        var src = image.Pixels;
        var dst = new byte[outWidth * image.Height * 3];
        var inStride = image.Width * 3;
        for (var y = 0; y < image.Height; y++)
        {
            var row = y * inStride;
            var outRow = y * outWidth * 3;
            for (var xx = 0; xx < outWidth; xx++)
            {
                int xmin = bounds[xx * 2], n = bounds[xx * 2 + 1], kBase = xx * kSize;
                int s0 = 1 << (PrecisionBits - 1), s1 = s0, s2 = s0;
                var p = row + xmin * 3;
                for (var x = 0; x < n; x++, p += 3)
                {
                    var w = weights[kBase + x];
                    s0 += src[p] * w;
                    s1 += src[p + 1] * w;
                    s2 += src[p + 2] * w;
                }
                var o = outRow + xx * 3;
                dst[o] = Clip8(s0);
                dst[o + 1] = Clip8(s1);
                dst[o + 2] = Clip8(s2);
            }
        }
        return new RgbImage(outWidth, image.Height, dst);
    }

    private static RgbImage Vertical(RgbImage image, int outHeight)
    {
        var (bounds, weights, kSize) = Coefficients(image.Height, outHeight);
        var src = image.Pixels;
        var stride = image.Width * 3;
        var dst = new byte[stride * outHeight];
        var acc = new int[stride];
        for (var yy = 0; yy < outHeight; yy++)
        {
            int ymin = bounds[yy * 2], n = bounds[yy * 2 + 1], kBase = yy * kSize;
            Array.Fill(acc, 1 << (PrecisionBits - 1));
            for (var y = 0; y < n; y++)
            {
                var w = weights[kBase + y];
                var row = (ymin + y) * stride;
                for (var i = 0; i < stride; i++) acc[i] += src[row + i] * w;
            }
            var outRow = yy * stride;
            for (var i = 0; i < stride; i++) dst[outRow + i] = Clip8(acc[i]);
        }
        return new RgbImage(image.Width, outHeight, dst);
    }
}
