using QcsCloud.Core;

namespace QcsCloud.Reports;

/// <summary>
/// Checks a <see cref="RunReport"/> before anything is drawn, so that a bad <c>metrics.json</c> gives an error
/// naming the field (e.g. <c>datasets[0].phases[1].seeds[2].metrics.epochs[3].test.accuracy</c>) rather than a
/// wrong plot.
/// </summary>
public static class ReportValidator
{
    public static IReadOnlyList<string> Validate(RunReport report)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(report.RunId)) errors.Add("runId is empty");
        if (report.Plan is null) errors.Add("plan is missing");
        if (report.Provenance is null) errors.Add("provenance is missing");
        if (report.Datasets is null) { errors.Add("datasets is missing"); return errors; }
        for (var d = 0; d < report.Datasets.Count; d++)
        {
            var ds = report.Datasets[d];
            var at = $"datasets[{d}]";
            if (string.IsNullOrWhiteSpace(ds.Dataset)) errors.Add($"{at}.dataset is empty");
            var hasMetrics = ds.Phases?.Any(p => p.Seeds?.Any(s => s.Metrics is not null) == true) == true;
            if (ds.ClassNames is null || (ds.ClassNames.Count == 0 && hasMetrics)) { errors.Add($"{at}.classNames is empty but seeds have metrics"); continue; }
            for (var p = 0; p < (ds.Phases?.Count ?? 0); p++)
            {
                var phase = ds.Phases![p];
                var seen = new HashSet<int>();
                for (var s = 0; s < (phase.Seeds?.Count ?? 0); s++)
                {
                    var seed = phase.Seeds![s];
                    var sat = $"{at}.phases[{p}].seeds[{s}]";
                    if (!seen.Add(seed.Seed)) errors.Add($"{sat}.seed {seed.Seed} appears twice in phase {phase.Phase}");
                    if (seed.Metrics is { } m) CheckMetrics(m, ds.ClassNames.Count, $"{sat}.metrics", errors);
                }
            }
        }
        return errors;
    }

    public static void ThrowIfInvalid(RunReport report)
    {
        var errors = Validate(report);
        if (errors.Count > 0)
            throw new ArgumentException($"Report '{report.RunId}' is invalid: {string.Join("; ", errors)}", nameof(report));
    }

    private static void CheckMetrics(TrainingMetrics m, int classes, string at, List<string> errors)
    {
        for (var e = 0; e < (m.Epochs?.Count ?? 0); e++)
        {
            var epoch = m.Epochs![e];
            var eat = $"{at}.epochs[{e}]";
            Fraction(epoch.TrainAccuracy, $"{eat}.trainAccuracy", errors);
            // A NaN or infinite loss is not an error here: a diverged run is exactly what the report must show.
            if (epoch.Validation is { } v) CheckEvaluation(v, classes, $"{eat}.validation", errors);
            if (epoch.Test is { } t) CheckEvaluation(t, classes, $"{eat}.test", errors);
        }
        if (m.Selected is { } sel) CheckEvaluation(sel.Test, classes, $"{at}.selected.test", errors);
        if (m.ReferenceProtocol is { } rp) CheckEvaluation(rp.Test, classes, $"{at}.referenceProtocol.test", errors);
        if (m.LastEpoch is { } last) CheckEvaluation(last.Test, classes, $"{at}.lastEpoch.test", errors);
    }

    private static void CheckEvaluation(EvaluationResult r, int classes, string at, List<string> errors)
    {
        Fraction(r.Accuracy, $"{at}.accuracy", errors);
        Fraction(r.MeanClassAccuracy, $"{at}.meanClassAccuracy", errors);
        Fraction(r.MacroF1, $"{at}.macroF1", errors);
        if (r.PerClassAccuracy is { } pc)
        {
            if (pc.Count != classes) errors.Add($"{at}.perClassAccuracy has {pc.Count} entries, the dataset has {classes} classes");
            for (var i = 0; i < pc.Count; i++) Fraction(pc[i], $"{at}.perClassAccuracy[{i}]", errors);
        }
        if (r.ConfusionMatrix is { } cm)
        {
            if (cm.Count != classes) errors.Add($"{at}.confusionMatrix has {cm.Count} rows, the dataset has {classes} classes");
            for (var i = 0; i < cm.Count; i++)
            {
                if (cm[i].Count != cm.Count) errors.Add($"{at}.confusionMatrix[{i}] has {cm[i].Count} columns, expected {cm.Count}");
                if (cm[i].Any(c => c < 0)) errors.Add($"{at}.confusionMatrix[{i}] has a negative count");
            }
        }
    }

    private static void Fraction(double value, string at, List<string> errors)
    {
        if (double.IsNaN(value) || value < 0 || value > 1)
            errors.Add($"{at} = {value} is outside [0, 1] (accuracies and F1 are fractions, not percent)");
    }
}
