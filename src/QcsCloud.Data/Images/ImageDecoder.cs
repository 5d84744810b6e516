using SkiaSharp;

namespace QcsCloud.Data.Images;

/// <summary>
/// Decodes JPEG/PNG/... with SkiaSharp into <see cref="RgbImage"/> (pixel-identical to PIL for JPEG and PNG,
/// facts-measured.md). Grey images come out expanded to RGB, alpha is dropped (PIL <c>convert("RGB")</c>), and the
/// EXIF orientation is applied so the pixels are as a viewer shows them.
/// </summary>
public static class ImageDecoder
{
    /// <summary>Decodes <paramref name="encoded"/>; <paramref name="source"/> names the file in errors.</summary>
    public static RgbImage Decode(byte[] encoded, string source)
    {
        using var data = SKData.CreateCopy(encoded);
        using var codec = SKCodec.Create(data)
            ?? throw new InvalidDataException($"{source}: not a readable image ({encoded.Length} bytes; JPEG, PNG, WebP, BMP, GIF are accepted)");
        var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        var rgba = new byte[info.BytesSize];
        unsafe
        {
            fixed (byte* p = rgba)
            {
                var result = codec.GetPixels(info, (IntPtr)p);
                if (result is not (SKCodecResult.Success or SKCodecResult.IncompleteInput))
                    throw new InvalidDataException($"{source}: image decoding failed ({result})");
            }
        }
        var rgb = new byte[info.Width * info.Height * 3];
        for (int i = 0, o = 0; o < rgb.Length; i += 4, o += 3)
        {
            rgb[o] = rgba[i];
            rgb[o + 1] = rgba[i + 1];
            rgb[o + 2] = rgba[i + 2];
        }
        return Orient(new RgbImage(info.Width, info.Height, rgb), codec.EncodedOrigin);
    }

    public static RgbImage DecodeFile(string path) => Decode(File.ReadAllBytes(path), path);

    /// <summary>
    /// Reads only the header: width and height as shown (EXIF applied), or an error naming the file.
    /// Cheap enough to check hundreds of thousands of files up front.
    /// </summary>
    public static (int Width, int Height) ReadHeader(string path)
    {
        using var codec = SKCodec.Create(path, out var result)
            ?? throw new InvalidDataException($"{path}: not a readable image ({result})");
        var (w, h) = (codec.Info.Width, codec.Info.Height);
        return codec.EncodedOrigin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop
            or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom ? (h, w) : (w, h);
    }

    /// <summary>Applies an EXIF orientation (1-8) to the stored pixels.</summary>
    public static RgbImage Orient(RgbImage image, SKEncodedOrigin origin)
    {
        if (origin is SKEncodedOrigin.TopLeft) return image;
        int sw = image.Width, sh = image.Height;
        var swap = origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop
            or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;
        int ow = swap ? sh : sw, oh = swap ? sw : sh;
        var src = image.Pixels;
        var dst = new byte[src.Length];
        for (var y = 0; y < oh; y++)
        for (var x = 0; x < ow; x++)
        {
            var (sx, sy) = origin switch
            {
                SKEncodedOrigin.TopRight => (sw - 1 - x, y),                   // 2: mirror horizontally
                SKEncodedOrigin.BottomRight => (sw - 1 - x, sh - 1 - y),       // 3: rotate 180
                SKEncodedOrigin.BottomLeft => (x, sh - 1 - y),                 // 4: mirror vertically
                SKEncodedOrigin.LeftTop => (y, x),                             // 5: transpose
                SKEncodedOrigin.RightTop => (y, sh - 1 - x),                   // 6: rotate 90 clockwise
                SKEncodedOrigin.RightBottom => (sw - 1 - y, sh - 1 - x),       // 7: transverse
                SKEncodedOrigin.LeftBottom => (sw - 1 - y, x),                 // 8: rotate 90 counter-clockwise
                _ => (x, y),
            };
            var s = (sy * sw + sx) * 3;
            var d = (y * ow + x) * 3;
            dst[d] = src[s];
            dst[d + 1] = src[s + 1];
            dst[d + 2] = src[s + 2];
        }
        return new RgbImage(ow, oh, dst);
    }
}
