using QcsCloud.Data.Images;

namespace QcsCloud.Data.Datasets;

/// <summary>
/// Where a sample's pixels come from: a file, a pixel row of a CSV, or a range of a shard. Thread-safe:
/// loader workers call <see cref="Load"/> concurrently.
/// </summary>
public abstract class ImageSource
{
    /// <summary>Optional face box applied after decoding (AffectNet with face crop on).</summary>
    public PixelBox? Crop { get; init; }

    /// <summary>Decode a truncated file anyway (<c>--allow-truncated</c>); by default it is refused, naming the file.</summary>
    public bool AllowTruncated { get; init; }

    /// <summary>Names the source in errors: a path, or "fer2013.csv line 12".</summary>
    public abstract string Describe { get; }

    /// <summary>The stored bytes (what a shard keeps).</summary>
    public abstract ImagePayload ReadPayload();

    /// <summary>Decoded, EXIF-oriented, grey expanded to RGB, cropped to <see cref="Crop"/> when set.</summary>
    public RgbImage Load()
    {
        var image = ReadPayload().Decode(Describe, AllowTruncated);
        return Crop is { } box ? image.Crop(box) : image;
    }
}
