using System.Runtime.InteropServices;
using SkiaSharp;

namespace QcsCloud.Data.Images;

/// <summary>Encodes an <see cref="RgbImage"/> as JPEG or PNG with SkiaSharp (synthetic datasets, attention figures).</summary>
public static class ImageEncoder
{
    public static byte[] EncodeJpeg(RgbImage image, int quality = 90) => Encode(image, SKEncodedImageFormat.Jpeg, quality);

    public static byte[] EncodePng(RgbImage image) => Encode(image, SKEncodedImageFormat.Png, 100);

    private static byte[] Encode(RgbImage image, SKEncodedImageFormat format, int quality)
    {
        // Skia has no 24-bit RGB colour type: widen to opaque RGBA.
        var info = new SKImageInfo(image.Width, image.Height, SKColorType.Rgba8888, SKAlphaType.Opaque);
        using var bitmap = new SKBitmap(info);
        var rgba = new byte[image.Width * image.Height * 4];
        for (int i = 0, o = 0; i < image.Pixels.Length; i += 3, o += 4)
        {
            rgba[o] = image.Pixels[i];
            rgba[o + 1] = image.Pixels[i + 1];
            rgba[o + 2] = image.Pixels[i + 2];
            rgba[o + 3] = 255;
        }
        Marshal.Copy(rgba, 0, bitmap.GetPixels(), rgba.Length);
        using var data = bitmap.Encode(format, quality)
            ?? throw new InvalidOperationException($"SkiaSharp could not encode a {image.Width}x{image.Height} image as {format}");
        return data.ToArray();
    }
}
