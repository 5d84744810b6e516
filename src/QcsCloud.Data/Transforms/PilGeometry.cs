using QcsCloud.Data.Images;

namespace QcsCloud.Data.Transforms;

/// <summary>Flip, rotation and crops with PIL / torchvision semantics on 8-bit RGB.</summary>
public static class PilGeometry
{
    public static RgbImage FlipHorizontal(RgbImage image)
    {
        int w = image.Width, h = image.Height;
        var src = image.Pixels;
        var dst = new byte[src.Length];
        for (var y = 0; y < h; y++)
        for (var x = 0; x < w; x++)
        {
            var s = (y * w + x) * 3;
            var d = (y * w + (w - 1 - x)) * 3;
            dst[d] = src[s];
            dst[d + 1] = src[s + 1];
            dst[d + 2] = src[s + 2];
        }
        return new RgbImage(w, h, dst);
    }

    /// <summary>
    /// PIL <c>rotate(angle, NEAREST, expand=False, fill=0)</c>: counter-clockwise degrees about the image centre,
    /// the inverse affine map sampled at pixel centres.
    /// </summary>
    public static RgbImage Rotate(RgbImage image, double degrees)
    {
        if (degrees % 360.0 == 0) return new RgbImage(image.Width, image.Height, (byte[])image.Pixels.Clone());
        int w = image.Width, h = image.Height;
        var angle = -degrees * Math.PI / 180.0;
        double a = Math.Round(Math.Cos(angle), 15), b = Math.Round(Math.Sin(angle), 15);
        double d = Math.Round(-Math.Sin(angle), 15), e = Math.Round(Math.Cos(angle), 15);
        double cx = w / 2.0, cy = h / 2.0;
        var c = a * -cx + b * -cy + cx;
        var f = d * -cx + e * -cy + cy;
        var src = image.Pixels;
        var dst = new byte[src.Length];
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
        return new RgbImage(w, h, dst);
    }

    public static RgbImage Crop(RgbImage image, int top, int left, int height, int width)
    {
        if (top < 0 || left < 0 || top + height > image.Height || left + width > image.Width)
            throw new ArgumentException($"Crop {width}x{height} at ({left},{top}) is outside the {image.Width}x{image.Height} image");
        return image.Crop(new PixelBox(left, top, width, height));
    }

    /// <summary>torchvision CenterCrop: top = round((H - h) / 2) with Python's round-half-even.</summary>
    public static RgbImage CenterCrop(RgbImage image, int size)
    {
        var top = (int)Math.Round((image.Height - size) / 2.0, MidpointRounding.ToEven);
        var left = (int)Math.Round((image.Width - size) / 2.0, MidpointRounding.ToEven);
        return Crop(image, top, left, size, size);
    }
}
