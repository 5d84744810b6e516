using QcsCloud.Data.Images;

namespace QcsCloud.Data.Transforms;

/// <summary>Flip, rotation and crops with PIL / torchvision semantics on 8-bit RGB.</summary>
public static class PilGeometry
{
    public static RgbImage FlipHorizontal(RgbImage image) => FlipHorizontal(image, new RgbImage(image.Width, image.Height));

    internal static RgbImage FlipHorizontal(RgbImage image, RgbImage destination)
    {
        int w = image.Width, h = image.Height;
        var src = image.Pixels;
        var dst = destination.Pixels;
        for (var y = 0; y < h; y++)
            for (var x = 0; x < w; x++)
            {
                var s = (y * w + x) * 3;
                var d = (y * w + (w - 1 - x)) * 3;
                dst[d] = src[s];
                dst[d + 1] = src[s + 1];
                dst[d + 2] = src[s + 2];
            }
        return destination;
    }

    /// <summary>
    /// PIL <c>rotate(angle, NEAREST, expand=False, fill=0)</c>: counter-clockwise degrees about the image centre,
    /// the inverse affine map sampled at pixel centres.
    /// </summary>
    public static RgbImage Rotate(RgbImage image, double degrees) => Rotate(image, degrees, new RgbImage(image.Width, image.Height));

    internal static RgbImage Rotate(RgbImage image, double degrees, RgbImage destination)
    {
        if (degrees % 360.0 == 0)
        {
            image.Pixels.CopyTo(destination.Pixels, 0);
            return destination;
        }
        int w = image.Width, h = image.Height;
        var angle = -degrees * Math.PI / 180.0;
        double a = Math.Round(Math.Cos(angle), 15), b = Math.Round(Math.Sin(angle), 15);
        double d = Math.Round(-Math.Sin(angle), 15), e = Math.Round(Math.Cos(angle), 15);
        double cx = w / 2.0, cy = h / 2.0;
        var c = a * -cx + b * -cy + cx;
        var f = d * -cx + e * -cy + cy;
        var src = image.Pixels;
        var dst = destination.Pixels;
        Array.Clear(dst);                                                 // fill 0 outside the rotated image
        var xo = c + b * 0.5 + a * 0.5;
        var yo = f + e * 0.5 + d * 0.5;
        for (var y = 0; y < h; y++)
        {
            double xin = xo, yin = yo;
            for (var x = 0; x < w; x++)
            {
                var xi = xin < 0.0 ? -1 : (int)xin;
                var yi = yin < 0.0 ? -1 : (int)yin;
                if (xi >= 0 && xi < w && yi >= 0 && yi < h)
                {
                    var s = (yi * w + xi) * 3;
                    var o = (y * w + x) * 3;
                    dst[o] = src[s];
                    dst[o + 1] = src[s + 1];
                    dst[o + 2] = src[s + 2];
                }
                xin += a;
                yin += d;
            }
            xo += b;
            yo += e;
        }
        return destination;
    }

    public static RgbImage Crop(RgbImage image, int top, int left, int height, int width) =>
        Crop(image, top, left, new RgbImage(width, height));

    internal static RgbImage Crop(RgbImage image, int top, int left, RgbImage destination)
    {
        int width = destination.Width, height = destination.Height;
        if (top < 0 || left < 0 || top + height > image.Height || left + width > image.Width)
            throw new ArgumentException($"Crop {width}x{height} at ({left},{top}) is outside the {image.Width}x{image.Height} image");
        for (var y = 0; y < height; y++)
            Buffer.BlockCopy(image.Pixels, ((top + y) * image.Width + left) * 3, destination.Pixels, y * width * 3, width * 3);
        return destination;
    }

    /// <summary>torchvision CenterCrop: top = round((H - h) / 2) with Python's round-half-even.</summary>
    public static RgbImage CenterCrop(RgbImage image, int size) => CenterCrop(image, new RgbImage(size, size));

    internal static RgbImage CenterCrop(RgbImage image, RgbImage destination)
    {
        var top = (int)Math.Round((image.Height - destination.Height) / 2.0, MidpointRounding.ToEven);
        var left = (int)Math.Round((image.Width - destination.Width) / 2.0, MidpointRounding.ToEven);
        return Crop(image, top, left, destination);
    }
}
