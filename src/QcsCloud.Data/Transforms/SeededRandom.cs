namespace QcsCloud.Data.Transforms;

/// <summary>
/// A small SplitMix64 generator. Our own (not System.Random) so sequences never change with the runtime, and
/// cheap to derive per sample from (seed, epoch, position, branch): augmentations do not depend on thread timing.
/// </summary>
public sealed class SeededRandom(ulong seed)
{
    private ulong state = seed;

    /// <summary>An independent stream for one image of one tuple at one position of one epoch.</summary>
    public static SeededRandom For(int seed, int epoch, long position, int branch) =>
        new(Mix(Mix(Mix(Mix((ulong)(uint)seed) ^ (ulong)(uint)epoch) ^ (ulong)position) ^ (ulong)(uint)branch));

    /// <summary>SplitMix64's increment (the golden ratio in 64 bits).</summary>
    public const ulong Golden = 0x9E3779B97F4A7C15UL;

    /// <summary>One SplitMix64 step from <paramref name="z"/>: advance by <see cref="Golden"/>, then <see cref="Scramble"/>.</summary>
    public static ulong Mix(ulong z) => Scramble(z + Golden);

    /// <summary>SplitMix64's output function: a bijection that spreads every input bit over the whole word.</summary>
    public static ulong Scramble(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public ulong NextUInt64() => Scramble(state += Golden);

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [0, <paramref name="maxExclusive"/>), without modulo bias.</summary>
    public int NextInt(int maxExclusive)
    {
        if (maxExclusive <= 0) throw new ArgumentOutOfRangeException(nameof(maxExclusive), maxExclusive, "must be positive");
        var bound = (ulong)maxExclusive;
        var limit = ulong.MaxValue - ulong.MaxValue % bound;
        ulong r;
        do r = NextUInt64(); while (r >= limit);
        return (int)(r % bound);
    }

    public double Uniform(double low, double high) => low + (high - low) * NextDouble();

    /// <summary>A random permutation of 0..n-1 (Fisher-Yates).</summary>
    public int[] Permutation(int n)
    {
        var p = new int[n];
        for (var i = 0; i < n; i++) p[i] = i;
        for (var i = n - 1; i > 0; i--)
        {
            var j = NextInt(i + 1);
            (p[i], p[j]) = (p[j], p[i]);
        }
        return p;
    }
}
