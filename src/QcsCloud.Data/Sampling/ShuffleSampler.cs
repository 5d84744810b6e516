using QcsCloud.Data.Transforms;

namespace QcsCloud.Data.Sampling;

/// <summary>Every sample once per epoch in a random order (DataLoader shuffle=True), from (seed, epoch).</summary>
public sealed class ShuffleSampler(int count, int seed) : ISampler
{
    public int Branches => 1;

    public IReadOnlyList<int[]> Epoch(int epoch) =>
        SeededRandom.For(seed, epoch, RandomStreams.ShuffleOrder, 0).Permutation(count).Select(i => new[] { i }).ToArray();
}
