namespace QcsCloud.Data.Sampling;

/// <summary>Every sample once, in order (evaluation).</summary>
public sealed class SequentialSampler(int count) : ISampler
{
    public int Branches => 1;
    public IReadOnlyList<int[]> Epoch(int epoch) => Enumerable.Range(0, count).Select(i => new[] { i }).ToArray();
}
