namespace QcsCloud.Data.Images;

/// <summary>How the bytes of an <see cref="ImagePayload"/> are stored.</summary>
public enum PayloadFormat
{
    /// <summary>An encoded file (JPEG, PNG, ...), decoded with SkiaSharp.</summary>
    Encoded,
    /// <summary>Raw 8-bit grey pixels, row-major (FER2013 pixel rows).</summary>
    Grey8,
}
