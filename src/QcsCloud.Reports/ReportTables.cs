using QcsCloud.Core;

namespace QcsCloud.Reports;

/// <summary>The report's tables, built once from a <see cref="RunReport"/> for both the Markdown and the HTML.</summary>
public static class ReportTables
{
    public static ReportTable Plan(RunReport r)
    {
        var p = r.Plan;
        var rows = new List<IReadOnlyList<string>>
        {
            Row("Run", r.RunId),
            Row("Created", Format.Utc(r.CreatedUtc)),
            Row("Datasets", string.Join(", ", p.Datasets)),
            Row(p.Modes is { Count: > 1 } ? "Methods" : "Method", string.Join(", ", (p.Modes is { Count: > 1 } modes ? modes : [p.Mode]).Select(Format.Mode))),
            Row("Seeds", string.Join(", ", p.Seeds)),
            Row("Network", p.Network),
            Row("Epochs", p.Epochs?.ToString() ?? "recipe default"),
            Row("Fine-tune from AffectNet-8", p.FineTuneFromAffectNet8 ? "yes" : "no"),
        };
        if (p.Variants is { Count: > 0 } variants) rows.Add(Row("Variants", string.Join(", ", variants)));
        if (p.Recipe is not null) rows.Add(Row("Recipe", p.Recipe));
        if (p.Description is not null) rows.Add(Row("Description", p.Description));
        return new(["", ""], rows);
    }

    public static ReportTable Provenance(RunReport r)
    {
        var p = r.Provenance;
        var rows = new List<IReadOnlyList<string>>
        {
            Row("Git commit", p.CodeCommit),
            Row("Hardware", p.Hardware),
            Row("Seeds", string.Join(", ", p.Seeds)),
        };
        if (p.ToolVersion is not null) rows.Add(Row("Tool version", p.ToolVersion));
        foreach (var (name, version) in p.PackageVersions.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            rows.Add(Row($"Package {name}", version));
        foreach (var m in p.DatasetManifests)
            rows.Add(Row($"Dataset {m.Dataset} manifest", m.ContentHash + (m.SampleCount is { } n ? $" ({n} images)" : "") + (m.Uri is { } u ? $" at {u}" : "")));
        return new(["", ""], rows);
    }

    /// <summary>The first thing a reader wants: one row per dataset and phase, best accuracy beside the paper's.</summary>
    public static ReportTable Headline(RunReport r)
    {
        var rows = new List<IReadOnlyList<string>>();
        foreach (var ds in r.Datasets)
            foreach (var phase in ds.Phases)
            {
                var s = phase.Summary;
                var paper = Format.PaperAccuracy(ds.Paper, phase.Mode, phase.Phase);
                rows.Add([
                    ds.Dataset,
                $"{Format.Arm(phase)}, {Format.Phase(phase.Phase)}",
                s is null ? "no results" : $"{Format.Pct(s.Best)}",
                s is null ? "–" : $"{Format.Pct(s.Mean)} ± {Format.Pct(s.StandardDeviation)} (n={s.SeedCount})",
                Format.Percent(paper),
                s is not null && paper is { } pp ? Format.Signed(100 * s.Best - pp) : "–",
            ]);
            }
        return new(["Dataset", "Run", "Best acc. %", "Mean ± std %", "Paper %", "Best − paper"], rows);
    }

    /// <summary>One row per phase: best and mean ± std over seeds beside the paper's number.</summary>
    public static ReportTable Summary(DatasetReport ds)
    {
        var rows = new List<IReadOnlyList<string>>();
        foreach (var phase in ds.Phases)
        {
            var s = phase.Summary;
            var paper = Format.PaperAccuracy(ds.Paper, phase.Mode, phase.Phase);
            var diff = s is not null && paper is { } pp ? Format.Signed(100 * s.Best - pp) : "–";
            rows.Add([
                Format.Phase(phase.Phase),
                Format.Arm(phase),
                $"{s?.SeedCount ?? 0} / {phase.Seeds.Count}",
                s is null ? "–" : $"{Format.Pct(s.Best)} (seed {s.BestSeed})",
                s is null ? "–" : $"{Format.Pct(s.Mean)} ± {Format.Pct(s.StandardDeviation)}",
                Format.Pct(s?.MeanClassAccuracy),
                Format.Pct(s?.MacroF1),
                Format.Percent(paper),
                diff,
            ]);
        }
        return new(["Phase", "Method", "Seeds with results", "Best acc. %", "Mean ± std %", "Mean class acc. %", "Macro F1 %", "Paper %", "Best − paper"], rows);
    }

    /// <summary>One row per seed of one phase.</summary>
    public static ReportTable Seeds(PhaseReport phase)
    {
        var rows = new List<IReadOnlyList<string>>();
        foreach (var s in phase.Seeds.OrderBy(s => s.Seed))
        {
            var rep = s.Reported;
            var m = s.Metrics;
            rows.Add([
                s.Seed.ToString(),
                s.ReusedFrom is null ? s.Outcome.ToString() : $"{s.Outcome}, reused from {s.ReusedFrom} ({Format.Number(s.GpuHoursSaved ?? 0, "0.0###")} GPU-h saved)",
                m is null ? "–" : $"{m.Epochs.Count} / {m.EpochsPlanned}",
                Format.Pct(rep?.Test.Accuracy),
                Format.Pct(rep?.Test.MeanClassAccuracy),
                Format.Pct(rep?.Test.MacroF1),
                rep is null ? "–" : $"{Format.EpochNumber(rep.Epoch)}",
                m?.Selected is { } sel ? $"{Format.Pct(sel.Test.Accuracy)} (epoch {Format.EpochNumber(sel.Epoch)})" : "–",
                m?.LastEpoch is { } last ? Format.Pct(last.Test.Accuracy) : "–",
                ShortCheckpoint(s.Checkpoints?.Best ?? s.Checkpoints?.Folder),
            ]);
        }
        return new(["Seed", "Outcome", "Epochs", "Test acc. %", "Mean class acc. %", "Macro F1 %", "Reported epoch", "Validation-selected %", "Last epoch %", "Best checkpoint"], rows);
    }

    /// <summary>One row per mode/variant of one dataset and phase, with the difference to the baseline row.</summary>
    public static ReportTable Ablation(AblationTable table) => new(
        ["Mode / variant", "Seeds", "Mean ± std %", "Best % (seed)", "Validation-selected mean %", "Last-epoch mean %",
            "Mean class acc. %", "Δ vs baseline, pp [95% CI]", "Paper %"],
        table.Rows.Select(r => (IReadOnlyList<string>)[
            Format.Arm(r.Mode, r.Variant),
            r.SeedCount.ToString(),
            r.Mean is { } mean ? $"{Format.Pct(mean)} ± {Format.Pct(r.StandardDeviation ?? 0)}" : "–",
            r.Best is { } best ? $"{Format.Pct(best)} (seed {r.BestSeed})" : "–",
            Format.Pct(r.ValidationSelectedMean),
            Format.Pct(r.LastEpochMean),
            Format.Pct(r.MeanClassAccuracy),
            Difference(r),
            Format.Percent(r.PaperAccuracy),
        ]).ToList());

    private static string Difference(AblationRow r)
    {
        if (r.Mode == TrainingMode.Baseline) return "reference";
        if (r.VersusBaseline is not { } d) return "–";
        var mean = Format.Signed(100 * d.Mean);
        return d.Low is { } low && d.High is { } high
            ? $"{mean} [{Format.Signed(100 * low)}, {Format.Signed(100 * high)}] (n={d.Pairs} vs {d.Reference})"
            : $"{mean} (1 pair vs {d.Reference}, no interval)";
    }

    public static ReportTable Failures(RunReport r) => new(
        ["Job", "Kind", "Dataset", "Phase", "Seed", "Exit code", "Attempts", "Error"],
        r.Failures.Select(f => (IReadOnlyList<string>)[
            f.JobName,
            f.Kind.ToString(),
            f.Dataset ?? "–",
            f.Phase is { } ph ? BlobLayout.PhaseName(ph) : "–",
            f.Seed?.ToString() ?? "–",
            f.ExitCode?.ToString() ?? "–",
            f.Attempts.ToString(),
            f.Error,
        ]).ToList());

    /// <summary>The folder all of a phase's checkpoints share (the table shows only what follows it), or null.</summary>
    public static string? CheckpointRoot(PhaseReport phase)
    {
        var paths = phase.Seeds.Select(s => s.Checkpoints?.Best ?? s.Checkpoints?.Folder).OfType<string>().ToList();
        if (paths.Count == 0) return null;
        var prefix = paths.Aggregate((a, b) => new string(a.Zip(b).TakeWhile(p => p.First == p.Second).Select(p => p.First).ToArray()));
        var cut = prefix.LastIndexOf('/');
        return cut < 0 ? null : prefix[..(cut + 1)];
    }

    /// <summary>The last two segments (<c>seed-1/best.ckpt</c>): the full location is given once under the table.</summary>
    private static string ShortCheckpoint(string? path)
    {
        if (path is null) return "–";
        var parts = path.TrimEnd('/').Split('/');
        return parts.Length <= 2 ? path : string.Join('/', parts[^2..]) + (path.EndsWith('/') ? "/" : "");
    }

    private static IReadOnlyList<string> Row(string key, string value) => [key, value];
}
