using QcsCloud.Data.Transforms;

namespace QcsCloud.Data.Sampling;

/// <summary>DCS pairs (a, p): each anchor from the anchor sampler gets a random other image of its class.</summary>
public sealed class PairSampler : ISampler
{
    private readonly ISampler anchors;
    private readonly IReadOnlyList<int> labels;
    private readonly int[][] byClass;
    private readonly int seed;

    public PairSampler(ISampler anchors, IReadOnlyList<int> labels, int numClasses, int seed, IReadOnlyList<string>? classNames = null)
    {
        if (anchors.Branches != 1) throw new ArgumentException($"anchor sampler must give single indices, not {anchors.Branches}-tuples");
        this.anchors = anchors;
        this.labels = labels;
        byClass = ClassIndex.Build(labels, numClasses);
        ClassIndex.RequirePairs(byClass, classNames);
        this.seed = seed;
    }

    public int Branches => 2;

    public IReadOnlyList<int[]> Epoch(int epoch)
    {
        var order = anchors.Epoch(epoch);
        var rng = SeededRandom.For(seed, epoch, RandomStreams.PairDraws, 0);
        var tuples = new int[order.Count][];
        for (var i = 0; i < order.Count; i++)
        {
            var a = order[i][0];
            tuples[i] = [a, ClassIndex.OtherThan(byClass[labels[a]], a, rng)];
        }
        return tuples;
    }
}
