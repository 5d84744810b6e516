using QcsCloud.Data.Images;

namespace QcsCloud.Data.Packing;

/// <summary>How a dataset is packed.</summary>
/// <param name="ShardBytes">A new shard starts once the current one reaches this size.</param>
/// <param name="ReadAhead">Images read, hashed and decoded in parallel per round.</param>
/// <param name="MinSide">Images whose shorter decoded side is below this many pixels are bad (<c>--min-side</c>).</param>
/// <param name="SkipBad">Bad images (empty, undecodable, truncated, too small) are left out and listed in the
/// manifest's <see cref="PackManifest.Skipped"/>; otherwise packing fails naming every one (<c>--skip-bad</c>).</param>
/// <param name="Threads">Decoding threads; 0 = every core the process has (<c>--threads</c>).</param>
public sealed record PackOptions(long ShardBytes = 256L << 20, int ReadAhead = 256, int MinSide = ImageVerifier.DefaultMinSide,
    bool SkipBad = false, int Threads = 0)
{
    public PackOptions Validate()
    {
        if (ShardBytes < 1 << 10) throw new ArgumentException($"ShardBytes ({ShardBytes}) must be at least 1024");
        if (ReadAhead < 1) throw new ArgumentException($"ReadAhead ({ReadAhead}) must be at least 1");
        if (MinSide < 1) throw new ArgumentException($"--min-side ({MinSide}) must be at least 1");
        if (Threads < 0) throw new ArgumentException($"--threads ({Threads}) must be 0 (all cores) or more");
        return this;
    }

    public int EffectiveThreads => Threads == 0 ? Environment.ProcessorCount : Threads;
}
