using QcsCloud.Data.Images;

namespace QcsCloud.Data.Datasets;

/// <summary>Raw grey pixels held in memory (a FER2013 <c>pixels</c> column: 2304 values = 48x48).</summary>
public sealed class PixelImageSource(byte[] grey, int width, int height, string describe) : ImageSource
{
    public override string Describe { get; } = describe;
    public override ImagePayload ReadPayload() => new(PayloadFormat.Grey8, grey, width, height);
}
