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

    /// <summary>
    /// The pixels inside <paramref name="box"/>, always box-sized: where the box reaches past the image edge the pixels
    /// are black, as PIL's <c>Image.crop</c> does (libImaging <c>ImagingCrop</c> zero-fills, then pastes the image).
    /// </summary>
    public RgbImage Crop(PixelBox box)
    {
        if (box.Width <= 0 || box.Height <= 0) throw new ArgumentException($"Crop box {box} must have a positive size.");
        var output = new byte[box.Width * box.Height * 3];
        int x0 = Math.Max(box.X, 0), x1 = Math.Min(box.X + box.Width, Width);
        int y0 = Math.Max(box.Y, 0), y1 = Math.Min(box.Y + box.Height, Height);
        for (var y = y0; y < y1 && x0 < x1; y++)
            Buffer.BlockCopy(Pixels, (y * Width + x0) * 3, output, ((y - box.Y) * box.Width + (x0 - box.X)) * 3, (x1 - x0) * 3);
        return new RgbImage(box.Width, box.Height, output);
    }
}
