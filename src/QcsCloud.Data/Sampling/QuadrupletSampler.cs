using QcsCloud.Data.Transforms;

namespace QcsCloud.Data.Sampling;

/// <summary>
/// QCS quadruplets (a, p, n, n2): p a random other image of a's class; n from another class by
/// <see cref="NegativeRule"/>; n2 a random other image of n's class.
/// </summary>
public sealed class QuadrupletSampler : ISampler
{
    private readonly ISampler anchors;
    private readonly IReadOnlyList<int> labels;
    private readonly int[][] byClass;
    private readonly int[] nonEmpty;
    private readonly NegativeRule rule;
    private readonly int seed;

    public QuadrupletSampler(ISampler anchors, IReadOnlyList<int> labels, int numClasses, int seed, NegativeRule rule,
        IReadOnlyList<string>? classNames = null)
    {
        if (anchors.Branches != 1) throw new ArgumentException($"anchor sampler must give single indices, not {anchors.Branches}-tuples");
        this.anchors = anchors;
        this.labels = labels;
        byClass = ClassIndex.Build(labels, numClasses);
        ClassIndex.RequirePairs(byClass, classNames);
        nonEmpty = Enumerable.Range(0, numClasses).Where(c => byClass[c].Length > 0).ToArray();
        if (nonEmpty.Length < 2) throw new ArgumentException($"quadruplets need images of at least 2 classes, found {nonEmpty.Length}");
        this.rule = rule;
        this.seed = seed;
    }

    public int Branches => 4;

    public IReadOnlyList<int[]> Epoch(int epoch)
    {
        var order = anchors.Epoch(epoch);
        var rng = SeededRandom.For(seed, epoch, RandomStreams.QuadrupletDraws, 0);
        var tuples = new int[order.Count][];
        for (var i = 0; i < order.Count; i++)
        {
            var a = order[i][0];
            var y = labels[a];
            var p = ClassIndex.OtherThan(byClass[y], a, rng);
            var n = Negative(y, rng);
            var n2 = ClassIndex.OtherThan(byClass[labels[n]], n, rng);
            tuples[i] = [a, p, n, n2];
        }
        return tuples;
    }

    private int Negative(int y, SeededRandom rng)
    {
        if (rule == NegativeRule.UniformClass)
        {
            var pick = rng.NextInt(nonEmpty.Length - 1);
            var at = Array.IndexOf(nonEmpty, y);
            var c = nonEmpty[pick >= at ? pick + 1 : pick];
            return byClass[c][rng.NextInt(byClass[c].Length)];
        }
        // Uniform over all images outside class y: index into the concatenation of the other classes.
        var outside = labels.Count - byClass[y].Length;
        var k = rng.NextInt(outside);
        foreach (var c in nonEmpty)
        {
            if (c == y) continue;
            if (k < byClass[c].Length) return byClass[c][k];
            k -= byClass[c].Length;
        }
        throw new InvalidOperationException("unreachable: negative index past the other classes");
    }
}
