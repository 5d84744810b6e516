using QcsCloud.Data.Transforms;

namespace QcsCloud.Data.Sampling;

/// <summary>
/// AffectNet's balanced sampler: weight 1/count(class) per image, with replacement, ceil(N / <c>epochDivisor</c>)
/// draws per epoch (1/12 of the set in the reference), drawn afresh every epoch. With those weights every class
/// carries the same total weight, so a draw is: a uniform class, then a uniform image of it.
/// </summary>
public sealed class BalancedSampler : ISampler
{
    private readonly int[][] byClass;
    private readonly int seed;
    private readonly int draws;

    public BalancedSampler(IReadOnlyList<int> labels, int numClasses, int seed, int epochDivisor = 12)
    {
        if (epochDivisor < 1) throw new ArgumentException($"epochDivisor ({epochDivisor}) must be at least 1");
        byClass = ClassIndex.Build(labels, numClasses).Where(c => c.Length > 0).ToArray();
        if (byClass.Length == 0) throw new ArgumentException("BalancedSampler needs at least one sample");
        this.seed = seed;
        draws = (labels.Count + epochDivisor - 1) / epochDivisor;
    }

    public int Branches => 1;

    public IReadOnlyList<int[]> Epoch(int epoch)
    {
        var rng = SeededRandom.For(seed, epoch, RandomStreams.BalancedDraws, 0);
        var tuples = new int[draws][];
        for (var i = 0; i < draws; i++)
        {
            var members = byClass[rng.NextInt(byClass.Length)];
            tuples[i] = [members[rng.NextInt(members.Length)]];
        }
        return tuples;
    }
}
