using QcsCloud.Core;
using QcsCloud.Workflow.Configuration;
using QcsCloud.Workflow.Models;

namespace QcsCloud.Workflow.Api;

/// <summary>
/// Body of <c>POST /api/runs/preview</c>: what a start of the same plan would do, nothing started. The estimate is
/// steps x seconds per step (<see cref="StepCalibration"/>: the shipped table for the deployment's device at the plan's
/// batch, or the deployment's <c>Qcs:Limits:StepSeconds</c>) per training job, known only when the plan (or its variant)
/// sets <c>epochs</c> (<c>fineTuneEpochs</c> for phase 2) and <c>stepsPerEpoch</c>; staging jobs count no GPU-hours (the
/// budget counts training jobs).
/// </summary>
/// <param name="RunId">The plan's run id; job names use <see cref="PlaceholderRunId"/> when it has none.</param>
/// <param name="Fits">No problem: a start of this plan would be accepted, and the estimate (when known) is within the budget.</param>
/// <param name="Problems">Everything a start would refuse (the plan's and the caps'), plus an estimate over the budget.</param>
/// <param name="WorstCaseGpuHours">Training jobs x <c>attemptHours</c> x <c>maxAttempts</c>: every attempt failing at its deadline.</param>
/// <param name="EstimateBasis">How <see cref="EstimatedGpuHours"/> was made, or why it is missing.</param>
/// <param name="EstimateUnmeasured">The estimate uses table rows not measured on this device yet (GPU rows): treat it as a guess.</param>
public sealed record RunPreview(
    string? RunId,
    bool Fits,
    IReadOnlyList<string> Problems,
    int TrainingJobs,
    IReadOnlyList<PreviewJob> Jobs,
    double? EstimatedGpuHours,
    double WorstCaseGpuHours,
    double? GpuHourBudget,
    string EstimateBasis,
    bool EstimateUnmeasured)
{
    /// <summary>Jobs a start would reuse instead of launching (<see cref="PreviewJob.ReusedFrom"/>).</summary>
    public int JobsReused => Jobs.Count(j => j.ReusedFrom is not null);

    /// <summary>GPU-hours of the jobs those would reuse.</summary>
    public double GpuHoursSaved => Jobs.Sum(j => j.GpuHoursSaved ?? 0);

    public const string PlaceholderRunId = "preview";

    /// <summary>Every job of <paramref name="plan"/> (valid, with a run id) in launch order, training jobs with their estimate.</summary>
    public static IReadOnlyList<PreviewJob> ListJobs(RunPlan plan, StepCalibration calibration)
    {
        var arms = plan.Arms;
        return PlannedJob.All(plan.RunId!, plan).Select(job =>
        {
            int? steps = null;
            double? hours = null;
            StepEstimate? step = null;
            string? key = null;
            if (job.Phase is { } phase)
            {
                var arm = arms.First(a => a.LayoutName == job.Arm);
                var armPlan = plan.ForArm(arm);
                var epochs = phase == TrainPhase.FineTune ? armPlan.FineTuneEpochs ?? armPlan.Epochs : armPlan.Epochs;
                steps = epochs * armPlan.StepsPerEpoch;
                key = CalibrationKey(armPlan);
                step = calibration.For(armPlan.Mode ?? TrainingMode.Qcs, armPlan.Network ?? RunPlan.PaperNetwork, armPlan.BatchSize);
                if (steps is { } n && step is not null) hours = n * step.SecondsPerStep / 3600;
            }
            return new PreviewJob(job.Name, job.Kind.ToString(), job.Dataset, job.Phase is { } p ? BlobLayout.PhaseName(p) : null,
                job.Seed, job.Arm is null ? null : arms.First(a => a.LayoutName == job.Arm).Name, steps,
                step?.Basis ?? (key is null ? null : $"{key}-{calibration.Device ?? "?"}"), step?.SecondsPerStep, step?.Estimate, hours);
        }).ToList();
    }

    /// <summary>The preview of <paramref name="plan"/> (after defaults) with its problems and <see cref="ListJobs"/>.</summary>
    public static RunPreview Of(RunPlan plan, IReadOnlyList<string> problems, IReadOnlyList<PreviewJob> jobs)
    {
        var training = jobs.Where(j => j.Phase is not null).ToList();
        // A job that would be reused costs nothing.
        var estimate = training.Count > 0 && training.All(j => j.EstimatedGpuHours is not null || j.ReusedFrom is not null)
            ? training.Sum(j => j.ReusedFrom is null ? j.EstimatedGpuHours!.Value : 0) : (double?)null;
        var basis = jobs.Count == 0 ? "no jobs: the plan has problems"
            : estimate is not null ? "steps (epochs x stepsPerEpoch) x seconds per step, per training job: "
                + string.Join("; ", training.Where(j => j.ReusedFrom is null).Select(j => j.Calibration).Distinct())
            : "unknown: " + string.Join("; ", training.Where(j => j.EstimatedGpuHours is null && j.ReusedFrom is null).Select(j => j.Steps is null
                ? "set epochs (fineTuneEpochs) and stepsPerEpoch: the recipe decides the steps"
                : j.SecondsPerStep is null
                    ? $"no step time for {j.Calibration}: the table has no such row and {LimitsOptions.Section}:{nameof(LimitsOptions.StepSeconds)} no entry"
                        + " (set Qcs:Limits:Device to cpu, T4 or A100, or Qcs:Limits:StepSeconds)"
                    : "").Where(w => w.Length > 0).Distinct());
        var unmeasured = estimate is not null && training.Any(j => j.StepTimeEstimated == true);
        var all = problems.ToList();
        if (estimate > plan.GpuHourBudget)
            all.Add($"the estimate of {estimate:0.####} GPU-hours is over gpuHourBudget ({plan.GpuHourBudget}): jobs past the budget would be stopped or not launched.");
        var worstCase = plan.JobCount * (plan.AttemptHours ?? RunPlan.DefaultAttemptHours) * (plan.MaxAttempts ?? 1);
        return new RunPreview(plan.RunId, all.Count == 0, all, training.Count, jobs, estimate, worstCase, plan.GpuHourBudget, basis, unmeasured);
    }

    /// <summary><c>&lt;mode&gt;-&lt;network&gt;</c> of one arm's plan, the key of <c>Qcs:Limits:StepSeconds</c> and of the table's rows.</summary>
    public static string CalibrationKey(RunPlan armPlan) =>
        $"{PlanArm.ModeName(armPlan.Mode ?? TrainingMode.Qcs)}-{armPlan.Network ?? RunPlan.PaperNetwork}";
}

/// <summary>One job of a <see cref="RunPreview"/>: its deterministic name and, for training, its steps and estimate.</summary>
/// <param name="Calibration">Training jobs: where its step time comes from (the table row and its source, or the setting).</param>
/// <param name="SecondsPerStep">Training jobs: seconds per step at the plan's batch; null when no row or setting has one.</param>
/// <param name="StepTimeEstimated">True when that step time is a table row not measured on this device yet.</param>
/// <param name="ReusedFrom">A pretrain job a start would not launch: the succeeded job of the same content key it would reuse
/// (fine-tune jobs are keyed on the pretrain seed phase 1 selects: known only then).</param>
/// <param name="GpuHoursSaved">With <see cref="ReusedFrom"/>: that job's GPU-hours.</param>
public sealed record PreviewJob(string Name, string Kind, string Dataset, string? Phase, int? Seed, string? Arm, int? Steps,
    string? Calibration, double? SecondsPerStep, bool? StepTimeEstimated, double? EstimatedGpuHours, string? ReusedFrom = null, double? GpuHoursSaved = null);
