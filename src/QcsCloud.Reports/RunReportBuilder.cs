using QcsCloud.Core;

namespace QcsCloud.Reports;

/// <summary>
/// Builds a <see cref="RunReport"/> from what the workflow stores: the normalised <see cref="RunPlan"/> and, per planned
/// job, its outcome and metrics. Keeps the workflow's report activity to reading blobs, calling this and
/// <see cref="ReportRenderer.Render"/>, and uploading the folder.
/// </summary>
public static class RunReportBuilder
{
    /// <param name="runId">The run.</param>
    /// <param name="createdUtc">The report's time (the orchestration's clock, passed in by the activity).</param>
    /// <param name="plan">The plan after <see cref="RunPlan.WithDefaults"/>.</param>
    /// <param name="jobs">Every planned job, ended or not.</param>
    /// <param name="fineTuneFrom">What phase 2 started from (e.g. <c>affectnet8 seed 2 best.ckpt</c>), when known.</param>
    /// <param name="notes">Free-text budget notes (budget spent, fine-tuning skipped and why).</param>
    /// <param name="toolVersion">Version of the workflow building the report.</param>
    /// <param name="fineTuneFromByArm">In a grid run, what each arm's phase 2 started from, by <see cref="PlanArm.Name"/>.</param>
    public static RunReport Build(string runId, DateTimeOffset createdUtc, RunPlan plan, IReadOnlyList<ReportJob> jobs,
        string? fineTuneFrom = null, IReadOnlyList<string>? notes = null, string? toolVersion = null,
        IReadOnlyDictionary<string, string>? fineTuneFromByArm = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(jobs);
        var mode = plan.Mode ?? TrainingMode.Qcs;
        var seeds = plan.Seeds ?? RunPlan.DefaultSeeds;
        var arms = plan.Arms.ToList();
        var datasetOrder = (plan.Datasets ?? [])
            .Concat(plan.FineTuneTargets ?? [])
            .Concat(jobs.Select(j => j.Dataset))
            .Distinct(StringComparer.Ordinal)
            .ToList();

        var datasets = new List<DatasetReport>();
        foreach (var name in datasetOrder)
        {
            var train = jobs.Where(j => j.Kind == JobKind.Train && j.Dataset == name && j.Phase is not null).ToList();
            // One phase report per phase and arm, arms in plan order (jobs of an arm the plan does not name come last).
            var phases = train.GroupBy(j => (Phase: j.Phase!.Value, j.Arm))
                .Select(g => (g.Key.Phase, Arm: arms.FirstOrDefault(a => a.LayoutName == g.Key.Arm), JobArm: g.Key.Arm, Jobs: g))
                .OrderBy(x => x.Phase).ThenBy(x => x.Arm is null ? int.MaxValue : arms.IndexOf(x.Arm))
                .Select(x => new PhaseReport(
                    x.Phase,
                    x.Arm?.Mode ?? mode,
                    x.Phase == TrainPhase.Pretrain
                        ? plan.Init ?? "random weights (the plan names no ir50.pth)"
                        : (x.Arm is not null && fineTuneFromByArm?.GetValueOrDefault(x.Arm.Name) is { } armFrom ? armFrom : fineTuneFrom),
                    x.Jobs.OrderBy(j => j.Seed).Select(Seed).ToList(),
                    plan.IsGrid ? x.Arm?.Name ?? x.JobArm : null,
                    x.Arm?.Variant?.Name))
                .ToList();
            datasets.Add(new DatasetReport(name, ClassNames(name, train), phases));
        }

        var failures = jobs.Where(j => j.Outcome?.State is JobOutcomeState.BadInput or JobOutcomeState.GaveUp or JobOutcomeState.Cancelled or JobOutcomeState.BudgetStopped)
            .Select(j => new JobFailure(j.JobName, j.Kind, j.Dataset, j.Phase, j.Seed,
                j.Outcome!.State switch
                {
                    JobOutcomeState.BadInput => JobExitCode.BadInput,
                    JobOutcomeState.Cancelled => JobExitCode.Cancelled,
                    _ => null,
                },
                j.Outcome.Error ?? j.Outcome.State.ToString(),
                Math.Max(1, j.Outcome.Attempts)))
            .ToList();

        var budgetNotes = new List<string>(notes ?? []);
        var preemptions = jobs.Sum(j => j.Outcome?.Preemptions ?? 0);
        if (preemptions > 0) budgetNotes.Add($"{preemptions} preemption(s), each resumed from last.ckpt");
        var skipped = jobs.Where(j => j.Outcome?.State == JobOutcomeState.Skipped).ToList();
        if (skipped.Count > 0) budgetNotes.Add($"{skipped.Count} job(s) never launched: {string.Join("; ", skipped.Select(j => $"{j.JobName}: {j.Outcome!.Error ?? "skipped"}"))}");
        var used = jobs.Sum(j => j.Outcome?.GpuHours ?? 0);
        var reusedJobs = jobs.Where(j => j.Kind == JobKind.Train && j.Outcome is { State: JobOutcomeState.Succeeded, ReusedFrom: not null }).ToList();
        var stopped = jobs.Count(j => j.Kind == JobKind.Train && j.Outcome?.State is JobOutcomeState.Cancelled or JobOutcomeState.BudgetStopped);

        return new RunReport(runId, createdUtc,
            new RunPlanSummary(datasetOrder, mode, seeds, plan.Network ?? RunPlan.PaperNetwork, plan.Epochs,
                (plan.FineTuneTargets?.Count ?? 0) > 0, plan.Recipe, null,
                plan.IsGrid ? plan.Modes : null, plan.Variants is { Count: > 0 } variants ? variants.Select(v => v.Name).ToList() : null),
            Provenance(jobs, seeds, toolVersion),
            datasets,
            failures,
            new BudgetNotes(plan.GpuHourBudget, used, budgetNotes, stopped > 0 ? stopped : null,
                reusedJobs.Count > 0 ? reusedJobs.Count : null, reusedJobs.Count > 0 ? reusedJobs.Sum(j => j.Outcome!.GpuHoursSaved ?? 0) : null));
    }

    private static SeedResult Seed(ReportJob job)
    {
        var outcome = job.Outcome?.State switch
        {
            JobOutcomeState.Succeeded => SeedOutcome.Succeeded,
            JobOutcomeState.BadInput or JobOutcomeState.GaveUp => SeedOutcome.Failed,
            JobOutcomeState.Cancelled or JobOutcomeState.BudgetStopped => SeedOutcome.Cancelled,
            JobOutcomeState.Skipped => SeedOutcome.NotStarted,
            null => job.Metrics is null ? SeedOutcome.NotStarted : SeedOutcome.Running,
            _ => SeedOutcome.Failed,
        };
        var folder = job.Outcome?.OutputUri ?? job.OutputFolder;
        var links = folder is null ? null : new CheckpointLinks(folder,
            Join(folder, BlobLayout.BestCheckpointFile), Join(folder, BlobLayout.LastCheckpointFile), Join(folder, BlobLayout.MetricsFile));
        var error = job.Outcome?.State == JobOutcomeState.Succeeded ? null : job.Outcome?.Error;
        return new SeedResult(job.Seed ?? 0, outcome, job.Metrics, links, error, job.Outcome?.ReusedFrom, job.Outcome?.ReusedFrom is null ? null : job.Outcome.GpuHoursSaved);
    }

    private static string Join(string folder, string file) => folder.EndsWith('/') ? folder + file : $"{folder}/{file}";

    /// <summary>The catalog's names for the paper's datasets; a generic dataset's from its metrics.</summary>
    private static IReadOnlyList<string> ClassNames(string dataset, IEnumerable<ReportJob> jobs)
    {
        if (DatasetCatalog.TryParse(dataset, out var kind) && kind != DatasetKind.Generic) return DatasetCatalog.ClassNames(kind);
        foreach (var m in jobs.Select(j => j.Metrics).OfType<TrainingMetrics>())
        {
            if (m.Provenance?.ClassNames is { Count: > 0 } fromProvenance) return fromProvenance;
            if ((m.ReferenceProtocol ?? m.Selected ?? m.LastEpoch)?.Test.ClassNames is { Count: > 0 } fromTest) return fromTest;
        }
        return [];
    }

    private static ReportProvenance Provenance(IReadOnlyList<ReportJob> jobs, IReadOnlyList<int> seeds, string? toolVersion)
    {
        var provenances = jobs.Select(j => (j.Dataset, P: j.Metrics?.Provenance)).Where(x => x.P is not null).ToList();
        var first = provenances.Select(x => x.P!).FirstOrDefault();
        var commits = provenances.Select(x => x.P!.CodeCommit).Distinct().ToList();
        var hardware = provenances.Select(x => x.P!.Hardware).Distinct().ToList();
        var manifests = provenances.Where(x => x.P!.DatasetManifestHash is not null)
            .Select(x => new DatasetManifestRef(x.Dataset, x.P!.DatasetManifestHash!))
            .DistinctBy(m => (m.Dataset, m.ContentHash))
            .ToList();
        return new ReportProvenance(
            commits.Count == 0 ? "unknown (no job wrote provenance)" : string.Join(", ", commits),
            first?.PackageVersions ?? new Dictionary<string, string>(),
            manifests,
            seeds,
            hardware.Count == 0 ? "unknown" : string.Join("; ", hardware),
            toolVersion);
    }
}
