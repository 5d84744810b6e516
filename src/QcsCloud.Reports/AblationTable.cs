using QcsCloud.Core;

namespace QcsCloud.Reports;

/// <summary>The arms of one dataset and phase side by side (a grid run: several modes and/or variants).</summary>
/// <param name="Dataset">Canonical dataset name.</param>
/// <param name="Phase">Pretrain or fine-tune.</param>
/// <param name="Rows">One row per arm, in plan order.</param>
/// <param name="DifferenceMethod">How <see cref="AblationRow.VersusBaseline"/> was computed (<see cref="PairedDifference.Method"/>).</param>
public sealed record AblationTable(string Dataset, TrainPhase Phase, IReadOnlyList<AblationRow> Rows, string DifferenceMethod)
{
    /// <summary>
    /// One table per dataset and phase that has more than one arm; empty for a run of one mode without variants.
    /// Each arm is compared with the baseline arm of the same variant, else the first baseline arm.
    /// </summary>
    public static IReadOnlyList<AblationTable> Of(RunReport report)
    {
        var tables = new List<AblationTable>();
        foreach (var ds in report.Datasets)
            foreach (var group in ds.Phases.GroupBy(p => p.Phase))
            {
                var arms = group.ToList();
                if (arms.Count < 2) continue;
                var scores = arms.ToDictionary(p => p, Reported);
                var rows = arms.Select(arm =>
                {
                    var reference = arm.Mode == TrainingMode.Baseline ? null
                        : arms.FirstOrDefault(a => a.Mode == TrainingMode.Baseline && a.Variant == arm.Variant)
                          ?? arms.FirstOrDefault(a => a.Mode == TrainingMode.Baseline);
                    return Row(ds, arm, scores[arm], reference is null ? null : PairedDifference.Of(reference.ArmName, scores[arm], scores[reference]));
                }).ToList();
                tables.Add(new AblationTable(ds.Dataset, group.Key, rows, PairedDifference.Method));
            }
        return tables;
    }

    private static Dictionary<int, double> Reported(PhaseReport phase) =>
        Succeeded(phase).ToDictionary(s => s.Seed, s => s.Reported!.Test.Accuracy);

    private static IEnumerable<SeedResult> Succeeded(PhaseReport phase) =>
        phase.Seeds.Where(s => s.Outcome == SeedOutcome.Succeeded && s.Reported is not null);

    private static AblationRow Row(DatasetReport ds, PhaseReport arm, Dictionary<int, double> scores, PairedDifference? difference)
    {
        var summary = arm.Summary;
        var done = Succeeded(arm).ToList();
        double? MeanOf(Func<SeedResult, double?> value)
        {
            var values = done.Select(value).OfType<double>().ToList();
            return values.Count == 0 ? null : values.Average();
        }
        return new AblationRow(arm.ArmName, arm.Mode, arm.Variant, done.Count,
            summary?.Mean, summary?.StandardDeviation, summary?.Best, summary?.BestSeed,
            MeanOf(s => s.Metrics?.Selected?.Test.Accuracy),
            MeanOf(s => s.Metrics?.LastEpoch?.Test.Accuracy),
            summary?.MeanClassAccuracy,
            difference,
            Format.PaperAccuracy(ds.Paper, arm.Mode, arm.Phase),
            scores.OrderBy(kv => kv.Key).Select(kv => new SeedAccuracy(kv.Key, kv.Value)).ToList());
    }
}
