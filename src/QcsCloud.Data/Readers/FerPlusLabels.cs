namespace QcsCloud.Data.Readers;

/// <summary>
/// Microsoft FERPlus <c>majority</c> label rule over the 10 vote columns (8 emotions, unknown, NF): every count
/// &lt;= 1 is zeroed as an outlier; the argmax is the label if it holds more than half of the remaining votes.
/// </summary>
public static class FerPlusLabels
{
    public const int Unknown = 8;
    public const int NotFace = 9;

    /// <summary>The winning column 0..9, or null when no column has a majority (the image is dropped).</summary>
    public static int? Majority(ReadOnlySpan<int> votes)
    {
        if (votes.Length != 10) throw new ArgumentException($"FERPlus has 10 vote columns, got {votes.Length}");
        int sum = 0, best = -1, bestValue = 0;
        for (var i = 0; i < votes.Length; i++)
        {
            var v = votes[i] <= 1 ? 0 : votes[i];
            sum += v;
            if (v > bestValue) { bestValue = v; best = i; }
        }
        return best >= 0 && bestValue * 2 > sum ? best : null;
    }
}
