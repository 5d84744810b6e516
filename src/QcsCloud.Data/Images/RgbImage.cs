namespace QcsCloud.Data.Images;

/// <summary>A decoded image on the CPU: <see cref="Pixels"/> is row-major RGB, 3 bytes per pixel ([H, W, 3]).</summary>
public sealed class RgbImage
{
    public RgbImage(int width, int height, byte[] pixels)
    {
        if (width <= 0 || height <= 0)
            throw new ArgumentException($"Image size {width}x{height} must be positive.");
        if (pixels.Length != width * height * 3)
            throw new ArgumentException($"Pixel buffer has {pixels.Length} bytes; {width}x{height} RGB needs {width * height * 3}.");
        Width = width;
        Height = height;
        Pixels = pixels;
    }

    public RgbImage(int width, int height) : this(width, height, new byte[width * height * 3]) { }

    public int Width { get; }
    public int Height { get; }
    public byte[] Pixels { get; }

    /// <summary>Expands a grey image ([H, W], one byte per pixel) to RGB, as PIL's <c>convert("RGB")</c>.</summary>
    public static RgbImage FromGrey(int width, int height, ReadOnlySpan<byte> grey)
    {
        if (grey.Length != width * height)
            throw new ArgumentException($"Grey buffer has {grey.Length} bytes; {width}x{height} needs {width * height}.");
        var rgb = new byte[width * height * 3];
        for (int i = 0, o = 0; i < grey.Length; i++, o += 3) rgb[o] = rgb[o + 1] = rgb[o + 2] = grey[i];
        return new RgbImage(width, height, rgb);
    }

    /// <summary>The pixels inside <paramref name="box"/>, clipped to the image (PIL <c>crop</c> would pad with black; we clip).</summary>
    public RgbImage Crop(PixelBox box)
    {
        var x0 = Math.Clamp(box.X, 0, Width - 1);
        var y0 = Math.Clamp(box.Y, 0, Height - 1);
        var x1 = Math.Clamp(box.X + box.Width, x0 + 1, Width);
        var y1 = Math.Clamp(box.Y + box.Height, y0 + 1, Height);
        int w = x1 - x0, h = y1 - y0;
        var outPixels = new byte[w * h * 3];
        for (var y = 0; y < h; y++)
            Buffer.BlockCopy(Pixels, ((y0 + y) * Width + x0) * 3, outPixels, y * w * 3, w * 3);
        return new RgbImage(w, h, outPixels);
    }
}
