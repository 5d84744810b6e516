namespace QcsCloud.Reports;

/// <summary>
/// Test accuracy over the seeds of one phase (fractions in [0, 1]): best and mean ± sample standard deviation,
/// as the paper reports the best of 5 seeds.
/// </summary>
public sealed record AccuracySummary(int SeedCount, double Best, int BestSeed, double Mean, double StandardDeviation,
    double MeanClassAccuracy, double MacroF1)
{
    /// <summary>
    /// Summary of the seeds that succeeded and have a reported epoch, or null when none has. A failed or unfinished
    /// seed's partial epochs are shown in its row and curves but never enter the best or the mean.
    /// </summary>
    public static AccuracySummary? Of(IEnumerable<SeedResult> seeds)
    {
        var scored = seeds.Where(s => s.Outcome == SeedOutcome.Succeeded && s.Reported is not null).Select(s => (s.Seed, Test: s.Reported!.Test)).ToList();
        if (scored.Count == 0) return null;
        var acc = scored.Select(s => s.Test.Accuracy).ToArray();
        var mean = acc.Average();
        // Sample standard deviation (n - 1); 0 for a single seed.
        var std = acc.Length > 1 ? Math.Sqrt(acc.Sum(a => (a - mean) * (a - mean)) / (acc.Length - 1)) : 0;
        var best = scored.MaxBy(s => s.Test.Accuracy);
        return new AccuracySummary(scored.Count, best.Test.Accuracy, best.Seed, mean, std,
            scored.Average(s => s.Test.MeanClassAccuracy), scored.Average(s => s.Test.MacroF1));
    }
}
