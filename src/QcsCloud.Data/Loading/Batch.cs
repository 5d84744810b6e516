namespace QcsCloud.Data.Loading;

/// <summary>
/// One CPU batch, ready for the training thread to wrap in tensors: per branch (a, p, n, n2 order) the images as
/// one float[] of shape [B, 3, S, S] (normalised) and the labels as int[B].
/// </summary>
public sealed record Batch(int Epoch, int Index, int Size, int ImageSize, float[][] Images, int[][] Labels, int[][] SampleIndices)
{
    public int Branches => Images.Length;

    /// <summary>The tensor shape of each <see cref="Images"/> entry.</summary>
    public long[] ImageShape => [Size, 3, ImageSize, ImageSize];
}
