using QcsCloud.Core;

namespace QcsCloud.Training.Runs;

/// <summary>
/// Keeps the three answers of <see cref="TrainingMetrics"/> up to date as epochs arrive: the epoch selected on the
/// validation hold-out (honest), the best test epoch (the reference protocol, optimistic) and the last epoch.
/// Ties keep the earlier epoch.
/// </summary>
public static class MetricsSelection
{
    public const string ValidationRule = "validation-accuracy";
    public const string ReferenceRule = "best-test-accuracy (reference protocol, optimistic: the test set picks the epoch)";
    public const string LastRule = "last-epoch";

    public static TrainingMetrics Add(TrainingMetrics metrics, EpochMetrics epoch, bool finished)
    {
        var epochs = metrics.Epochs.Append(epoch).ToArray();
        var withTest = epochs.Where(e => e.Test is not null).ToArray();
        SelectedEpoch? Pick(Func<EpochMetrics, double> score, string rule, IEnumerable<EpochMetrics> candidates)
        {
            EpochMetrics? best = null;
            foreach (var e in candidates) if (best is null || score(e) > score(best)) best = e;
            return best is null ? null : new SelectedEpoch(best.Epoch, rule, best.Test!);
        }
        return metrics with
        {
            Epochs = epochs,
            Finished = finished,
            Selected = Pick(e => e.Validation!.Accuracy, ValidationRule, withTest.Where(e => e.Validation is not null)),
            ReferenceProtocol = Pick(e => e.Test!.Accuracy, ReferenceRule, withTest),
            LastEpoch = withTest.Length == 0 ? null : new SelectedEpoch(withTest[^1].Epoch, LastRule, withTest[^1].Test!),
        };
    }
}
