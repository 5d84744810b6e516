namespace QcsCloud.Reports;

/// <summary>
/// Accuracy of one arm minus its reference arm (fractions), over the seeds both finished: the mean difference and,
/// with 2 or more pairs, a 95% paired t-interval: mean ± t(0.975, n − 1) · s / √n, s the sample standard deviation of
/// the per-seed differences and t Student's quantile (<see cref="StudentT"/>).
/// </summary>
/// <param name="Reference">The arm subtracted (<c>baseline</c>, <c>baseline-lr-high</c>).</param>
/// <param name="Pairs">Seeds both arms finished.</param>
/// <param name="Mean">Mean per-seed difference.</param>
/// <param name="Low">Lower end of the 95% interval; null with fewer than 2 pairs.</param>
/// <param name="High">Upper end; null with fewer than 2 pairs.</param>
/// <param name="TQuantile">t(0.975, n − 1) used; null with fewer than 2 pairs.</param>
public sealed record PairedDifference(string Reference, int Pairs, double Mean, double? Low, double? High, double? TQuantile)
{
    public const string Method = "paired t-interval over seeds, 95%, Student's t with n − 1 degrees of freedom";

    /// <summary>Null when no seed is in both.</summary>
    public static PairedDifference? Of(string reference, IReadOnlyDictionary<int, double> arm, IReadOnlyDictionary<int, double> baseline)
    {
        var diffs = arm.Keys.Intersect(baseline.Keys).Order().Select(seed => arm[seed] - baseline[seed]).ToArray();
        if (diffs.Length == 0) return null;
        var mean = diffs.Average();
        if (diffs.Length < 2) return new(reference, 1, mean, null, null, null);
        var sd = Math.Sqrt(diffs.Sum(d => (d - mean) * (d - mean)) / (diffs.Length - 1));
        var t = StudentT.Quantile(0.975, diffs.Length - 1);
        var half = t * sd / Math.Sqrt(diffs.Length);
        return new(reference, diffs.Length, mean, mean - half, mean + half, t);
    }
}
