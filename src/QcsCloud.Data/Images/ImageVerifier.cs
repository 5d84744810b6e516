namespace QcsCloud.Data.Images;

/// <summary>
/// What staging checks on every image before it goes into a shard: it decodes completely (not empty, an image, not
/// truncated) and neither side is below a minimum. The decoded size is what the shard index records.
/// </summary>
public static class ImageVerifier
{
    /// <summary>The default minimum side in pixels (<c>qcs pack --min-side</c>): below FER's 48x48 and RAF-DB's 100x100.</summary>
    public const int DefaultMinSide = 32;

    public static VerifiedImage Check(ImagePayload payload, int minSide)
    {
        var (width, height, problem) = payload.Format switch
        {
            PayloadFormat.Encoded => ImageDecoder.Verify(payload.Data),
            PayloadFormat.Grey8 => (payload.Width, payload.Height, payload.Data.Length == payload.Width * payload.Height
                ? null : $"grey payload has {payload.Data.Length} bytes; {payload.Width}x{payload.Height} needs {payload.Width * payload.Height}"),
            _ => (0, 0, $"unknown payload format {payload.Format}"),
        };
        if (problem is null && Math.Min(width, height) < minSide)
            problem = $"image is {width}x{height}, smaller than the minimum side of {minSide} px (--min-side)";
        return new VerifiedImage(width, height, problem);
    }
}

/// <summary>The decoded size (as shown, EXIF applied) and, for an unusable image, why.</summary>
public readonly record struct VerifiedImage(int Width, int Height, string? Problem);
