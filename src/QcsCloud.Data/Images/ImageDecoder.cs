using SkiaSharp;

namespace QcsCloud.Data.Images;

/// <summary>
/// Decodes JPEG/PNG/... with SkiaSharp into <see cref="RgbImage"/> (pixel-identical to PIL for JPEG and PNG,
/// docs/data.md, "Images and transforms"). Grey images come out expanded to RGB, alpha is dropped (PIL <c>convert("RGB")</c>), and the
/// EXIF orientation is applied so the pixels are as a viewer shows them.
/// </summary>
public static class ImageDecoder
{
    /// <summary>
    /// Decodes <paramref name="encoded"/>; <paramref name="source"/> names the file in errors. A truncated file (Skia's
    /// <c>IncompleteInput</c>: the data ends before the last row) is refused, as PIL refuses it by default, unless
    /// <paramref name="allowTruncated"/> (then the missing rows come out as Skia fills them).
    /// </summary>
    public static RgbImage Decode(byte[] encoded, string source, bool allowTruncated = false)
    {
        using var data = SKData.CreateCopy(encoded);
        using var codec = Open(data, encoded.Length, source);
        var info = RgbaInfo(codec);
        var rgba = new byte[info.BytesSize];
        var result = DecodeInto(codec, info, rgba);
        if (Problem(result, encoded.Length, allowTruncated) is { } problem) throw new InvalidDataException($"{source}: {problem}");
        var rgb = new byte[info.Width * info.Height * 3];
        for (int i = 0, o = 0; o < rgb.Length; i += 4, o += 3)
        {
            rgb[o] = rgba[i];
            rgb[o + 1] = rgba[i + 1];
            rgb[o + 2] = rgba[i + 2];
        }
        return Orient(new RgbImage(info.Width, info.Height, rgb), codec.EncodedOrigin);
    }

    /// <summary>
    /// Decodes every pixel once and returns the size as shown (EXIF applied), or why the image is unusable: empty,
    /// not an image, truncated, or a decoding error. What <c>qcs pack</c> runs on every image (<see cref="ImageVerifier"/>).
    /// </summary>
    internal static (int Width, int Height, string? Problem) Verify(byte[] encoded)
    {
        if (encoded.Length == 0) return (0, 0, "empty file (0 bytes)");
        using var data = SKData.CreateCopy(encoded);
        using var codec = SKCodec.Create(data);
        if (codec is null) return (0, 0, NotAnImage(encoded.Length));
        var info = RgbaInfo(codec);
        var rgba = System.Buffers.ArrayPool<byte>.Shared.Rent(info.BytesSize);
        try
        {
            var problem = Problem(DecodeInto(codec, info, rgba), encoded.Length, allowTruncated: false);
            var (w, h) = Shown(codec);
            return (w, h, problem);
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(rgba);
        }
    }

    private static SKCodec Open(SKData data, int length, string source)
    {
        if (length == 0) throw new InvalidDataException($"{source}: empty file (0 bytes)");
        return SKCodec.Create(data) ?? throw new InvalidDataException($"{source}: {NotAnImage(length)}");
    }

    private static string NotAnImage(int length) => $"not a readable image ({length} bytes; JPEG, PNG, WebP, BMP, GIF are accepted)";

    private static SKImageInfo RgbaInfo(SKCodec codec) => new(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);

    private static unsafe SKCodecResult DecodeInto(SKCodec codec, SKImageInfo info, byte[] rgba)
    {
        fixed (byte* p = rgba) return codec.GetPixels(info, (IntPtr)p);
    }

    private static string? Problem(SKCodecResult result, int length, bool allowTruncated) => result switch
    {
        SKCodecResult.Success => null,
        SKCodecResult.IncompleteInput when allowTruncated => null,
        SKCodecResult.IncompleteInput =>
            $"truncated image: the data ends after {length} bytes, before the last pixel row (decoder: IncompleteInput; PIL refuses it too)",
        _ => $"image decoding failed ({result})",
    };

    private static (int Width, int Height) Shown(SKCodec codec)
    {
        var (w, h) = (codec.Info.Width, codec.Info.Height);
        return codec.EncodedOrigin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop
            or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom ? (h, w) : (w, h);
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
        return Shown(codec);
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
