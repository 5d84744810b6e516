namespace QcsCloud.Data.Images;

/// <summary>A rectangle in pixels (AffectNet's face_x, face_y, face_width, face_height).</summary>
public readonly record struct PixelBox(int X, int Y, int Width, int Height)
{
    public override string ToString() => $"{X},{Y},{Width},{Height}";
}
