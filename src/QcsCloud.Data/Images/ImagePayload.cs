namespace QcsCloud.Data.Images;

/// <summary>
/// The stored bytes of one image, before decoding: what a shard holds. Decoding the same payload always gives the
/// same pixels, so a packed dataset yields identical samples to the original layout.
/// </summary>
/// <param name="Width">Only for <see cref="PayloadFormat.Grey8"/>; 0 for encoded files.</param>
/// <param name="Height">Only for <see cref="PayloadFormat.Grey8"/>; 0 for encoded files.</param>
public sealed record ImagePayload(PayloadFormat Format, byte[] Data, int Width = 0, int Height = 0)
{
    /// <summary>The pixels; a truncated encoded file is refused unless <paramref name="allowTruncated"/>.</summary>
    public RgbImage Decode(string source, bool allowTruncated = false) => Format switch
    {
        PayloadFormat.Encoded => ImageDecoder.Decode(Data, source, allowTruncated),
        PayloadFormat.Grey8 => RgbImage.FromGrey(Width, Height, Data),
        _ => throw new InvalidDataException($"{source}: unknown payload format {Format}"),
    };
}
