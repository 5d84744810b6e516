using System.Collections.Concurrent;
using QcsCloud.Data.Images;

namespace QcsCloud.Data.Transforms;

/// <summary>
/// PIL's <c>Image.resize(size, BILINEAR)</c> for 8-bit RGB, as torchvision's Resize calls it on PIL images: a
/// separable triangle filter whose support widens when shrinking (antialiasing), horizontal pass first, 22-bit
/// fixed-point coefficients, round half up and clip. Written from PIL's Resample.c algorithm description;
/// pixel-identical to PIL 9.4 (tests/.../Fixtures).
/// </summary>
public static class PilResize
{
    private const int PrecisionBits = 32 - 8 - 2;
    private static readonly ConcurrentDictionary<(int In, int Out), (int[] Bounds, int[] Weights, int KSize)> Cache = new();

    public static RgbImage Resize(RgbImage image, int width, int height) => Resize(image, width, height, ImageBuffers.Fresh);

    internal static RgbImage Resize(RgbImage image, int width, int height, ImageBuffers buffers)
    {
        if (width < 1 || height < 1) throw new ArgumentException($"Resize target {width}x{height} must be positive");
        if (width == image.Width && height == image.Height)
        {
            var copy = buffers.Get(width, height, 0);
            image.Pixels.CopyTo(copy.Pixels, 0);
            return copy;
        }
        var current = image;
        if (width != image.Width) current = Horizontal(current, width, buffers.Get(width, image.Height, height != image.Height ? 1 : 0));
        if (height != image.Height) current = Vertical(current, height, buffers.Get(width, height, 0));
        return current;
    }

    /// <summary>Per output pixel: first input index, tap count, and ksize fixed-point weights.</summary>
    internal static (int[] Bounds, int[] Weights, int KSize) Coefficients(int inSize, int outSize) =>
        Cache.GetOrAdd((inSize, outSize), key => Compute(key.In, key.Out));

    private static (int[] Bounds, int[] Weights, int KSize) Compute(int inSize, int outSize)
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

    private static unsafe RgbImage Horizontal(RgbImage image, int outWidth, RgbImage destination)
    {
        var (bounds, weights, kSize) = Coefficients(image.Width, outWidth);
        var inStride = image.Width * 3;
        fixed (byte* src = image.Pixels, dst = destination.Pixels)
        fixed (int* w0 = weights, b0 = bounds)
        {
            for (var y = 0; y < image.Height; y++)
            {
                var row = src + y * inStride;
                var outRow = dst + y * outWidth * 3;
                for (var xx = 0; xx < outWidth; xx++)
                {
                    int xmin = b0[xx * 2], n = b0[xx * 2 + 1];
                    var k = w0 + xx * kSize;
                    int s0 = 1 << (PrecisionBits - 1), s1 = s0, s2 = s0;
                    var p = row + xmin * 3;
                    for (var x = 0; x < n; x++, p += 3)
                    {
                        var w = k[x];
                        s0 += p[0] * w;
                        s1 += p[1] * w;
                        s2 += p[2] * w;
                    }
                    var o = outRow + xx * 3;
                    o[0] = Clip8(s0);
                    o[1] = Clip8(s1);
                    o[2] = Clip8(s2);
                }
            }
        }
        return destination;
    }

    private static unsafe RgbImage Vertical(RgbImage image, int outHeight, RgbImage destination)
    {
        var (bounds, weights, kSize) = Coefficients(image.Height, outHeight);
        var stride = image.Width * 3;
        var acc = stride <= 4096 ? stackalloc int[stride] : new int[stride];
        fixed (byte* src = image.Pixels, dst = destination.Pixels)
        fixed (int* a = acc)
        {
            for (var yy = 0; yy < outHeight; yy++)
            {
                int ymin = bounds[yy * 2], n = bounds[yy * 2 + 1], kBase = yy * kSize;
                for (var i = 0; i < stride; i++) a[i] = 1 << (PrecisionBits - 1);
                for (var y = 0; y < n; y++)
                {
                    var w = weights[kBase + y];
                    var row = src + (ymin + y) * stride;
                    for (var i = 0; i < stride; i++) a[i] += row[i] * w;
                }
                var outRow = dst + yy * stride;
                for (var i = 0; i < stride; i++) outRow[i] = Clip8(a[i]);
            }
        }
        return destination;
    }
}
