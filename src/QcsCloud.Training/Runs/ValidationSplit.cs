namespace QcsCloud.Training.Runs;

/// <summary>
/// A stratified, seeded hold-out of the training set: from each class, round(count * fraction) images (at least one
/// when the class has two or more, never all of them) go to validation. Same seed and labels, same split.
/// </summary>
public static class ValidationSplit
{
    public static (int[] Train, int[] Validation) Split(IReadOnlyList<int> labels, double fraction, int seed)
    {
        if (fraction <= 0) return (Enumerable.Range(0, labels.Count).ToArray(), []);
        var train = new List<int>();
        var validation = new List<int>();
        foreach (var group in Enumerable.Range(0, labels.Count).GroupBy(i => labels[i]).OrderBy(g => g.Key))
        {
            var members = group.ToArray();
            var random = new Random(unchecked(seed * 1_000_003 + group.Key * 7_919 + 0x5EED) & int.MaxValue); // not HashCode: it is randomised per process
            random.Shuffle(members);
            var take = members.Length < 2 ? 0 : Math.Clamp((int)Math.Round(members.Length * fraction), 1, members.Length - 1);
            validation.AddRange(members[..take]);
            train.AddRange(members[take..]);
        }
        train.Sort();
        validation.Sort();
        return (train.ToArray(), validation.ToArray());
    }
}
