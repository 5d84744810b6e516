namespace QcsCloud.Data.Images;

/// <summary>A rectangle in pixels (AffectNet's face_x, face_y, face_width, face_height).</summary>
public readonly record struct PixelBox(int X, int Y, int Width, int Height)
{
    public override string ToString() => $"{X},{Y},{Width},{Height}";

    /// <summary>Why the box cannot be cut from a <paramref name="width"/>x<paramref name="height"/> image (it holds none of
    /// its pixels), or null. A box only partly past the edge is fine: the part outside comes out black, as in PIL.</summary>
    public string? OutsideProblem(int width, int height) =>
        X >= width || Y >= height || X + Width <= 0 || Y + Height <= 0
            ? $"face box {this} (x,y,w,h) lies entirely outside the {width}x{height} image"
            : null;
}
