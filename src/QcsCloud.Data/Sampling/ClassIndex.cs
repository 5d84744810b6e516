namespace QcsCloud.Data.Sampling;

/// <summary>Sample indices grouped by label.</summary>
internal static class ClassIndex
{
    public static int[][] Build(IReadOnlyList<int> labels, int numClasses)
    {
        var lists = Enumerable.Range(0, numClasses).Select(_ => new List<int>()).ToArray();
        for (var i = 0; i < labels.Count; i++)
        {
            if (labels[i] < 0 || labels[i] >= numClasses)
                throw new ArgumentException($"label {labels[i]} of sample {i} is out of range 0..{numClasses - 1}");
            lists[labels[i]].Add(i);
        }
        return lists.Select(l => l.ToArray()).ToArray();
    }

    /// <summary>Every class that has samples must have at least two, so a positive is never the anchor itself.</summary>
    public static void RequirePairs(int[][] byClass, IReadOnlyList<string>? classNames)
    {
        for (var c = 0; c < byClass.Length; c++)
            if (byClass[c].Length == 1)
                throw new ArgumentException(
                    $"class {c}{(classNames is null ? "" : $" ({classNames[c]})")} has 1 training image; pair and quadruplet sampling need at least 2 per class");
    }

    /// <summary>A random member of <paramref name="members"/> other than <paramref name="exclude"/> (needs 2+ members).</summary>
    public static int OtherThan(int[] members, int exclude, Transforms.SeededRandom rng)
    {
        var position = Array.IndexOf(members, exclude);
        if (position < 0) return members[rng.NextInt(members.Length)];
        var pick = rng.NextInt(members.Length - 1);
        return members[pick >= position ? pick + 1 : pick];
    }
}
