namespace QcsCloud.Reports.Plots;

/// <summary>Draws the plots of one phase of one dataset.</summary>
internal static class PhasePlots
{
    public static PhaseImages Draw(DatasetReport ds, PhaseReport phase, string imgDir, string stem)
    {
        var label = $"{ds.Dataset} {Format.Phase(phase.Phase)}";
        var runs = phase.Seeds.Where(s => s.Metrics is { Epochs.Count: > 0 }).Select(s => (s.Seed, s.Metrics!)).ToList();

        ReportImage? loss = null, accuracy = null, counts = null, normalised = null, perClass = null;
        if (TrainingCurvePlot.DrawLoss(runs, $"{label}: loss per epoch", Path.Combine(imgDir, $"{stem}-loss.png")))
            loss = Image($"{stem}-loss.png", $"{label}: loss per epoch (dashed: train, solid: test), one colour per seed");
        if (TrainingCurvePlot.DrawAccuracy(runs, $"{label}: accuracy per epoch", Path.Combine(imgDir, $"{stem}-accuracy.png")))
            accuracy = Image($"{stem}-accuracy.png", $"{label}: accuracy per epoch (dashed: train, solid: test, dotted: validation), one colour per seed");

        // Confusion matrices of the best seed's reported epoch.
        var best = phase.Seeds.Where(s => s.Reported?.Test.ConfusionMatrix is { Count: > 0 })
            .MaxBy(s => s.Reported!.Test.Accuracy);
        if (best is not null)
        {
            var test = best.Reported!.Test;
            var what = $"seed {best.Seed}, epoch {Format.EpochNumber(best.Reported.Epoch)}";
            ConfusionMatrixPlot.Draw(test.ConfusionMatrix, ds.ClassNames, false, $"{label}: confusion ({what})", Path.Combine(imgDir, $"{stem}-confusion.png"));
            counts = Image($"{stem}-confusion.png", $"{label}: confusion matrix in images ({what}); rows true, columns predicted");
            ConfusionMatrixPlot.Draw(test.ConfusionMatrix, ds.ClassNames, true, $"{label}: confusion, row-normalised", Path.Combine(imgDir, $"{stem}-confusion-normalised.png"));
            normalised = Image($"{stem}-confusion-normalised.png", $"{label}: confusion matrix, each row divided by its class's image count ({what})");
        }

        var perClassSeeds = phase.Seeds.Where(s => s.Reported?.Test.PerClassAccuracy is { Count: > 0 })
            .Select(s => (s.Seed, s.Reported!.Test.PerClassAccuracy)).ToList();
        if (perClassSeeds.Count > 0)
        {
            PerClassAccuracyPlot.Draw(perClassSeeds, ds.ClassNames, $"{label}: per-class test accuracy", Path.Combine(imgDir, $"{stem}-per-class.png"));
            perClass = Image($"{stem}-per-class.png", $"{label}: test accuracy of each class, one bar per seed");
        }
        return new PhaseImages(loss, accuracy, counts, normalised, perClass, best?.Seed);
    }

    private static ReportImage Image(string file, string caption) => new($"{ReportRenderer.ImageFolder}/{file}", caption);
}
