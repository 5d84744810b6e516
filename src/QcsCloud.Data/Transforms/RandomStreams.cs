namespace QcsCloud.Data.Transforms;

/// <summary>
/// The positions of <see cref="SeededRandom.For"/> that are not images. Image positions are 0 and up (one stream per
/// image of a tuple), so every per-epoch stream of a sampler takes a negative position of its own: two samplers never
/// draw from the same stream, and the values must never change (they decide every run's data order).
/// </summary>
public static class RandomStreams
{
    public const long ShuffleOrder = -1;
    public const long BalancedDraws = -2;
    public const long PairDraws = -3;
    public const long QuadrupletDraws = -4;
}
