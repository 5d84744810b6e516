using QcsCloud.Core;
using QcsCloud.Workflow.Models;

namespace QcsCloud.Workflow.Api;

/// <summary>
/// Body of <c>POST /api/runs/preview</c>: what a start of the same plan would do, nothing started. The estimate is
/// steps x <c>Qcs:Limits:StepSeconds[&lt;mode&gt;-&lt;network&gt;]</c> per training job, known only when the plan (or its
/// variant) sets <c>epochs</c> (<c>fineTuneEpochs</c> for phase 2) and <c>stepsPerEpoch</c> and the deployment states
/// that step time; staging jobs count no GPU-hours (the budget counts training jobs).
/// </summary>
/// <param name="RunId">The plan's run id; job names use <see cref="PlaceholderRunId"/> when it has none.</param>
/// <param name="Fits">No problem: a start of this plan would be accepted, and the estimate (when known) is within the budget.</param>
/// <param name="Problems">Everything a start would refuse (the plan's and the caps'), plus an estimate over the budget.</param>
/// <param name="WorstCaseGpuHours">Training jobs x <c>attemptHours</c> x <c>maxAttempts</c>: every attempt failing at its deadline.</param>
/// <param name="EstimateBasis">How <see cref="EstimatedGpuHours"/> was made, or why it is missing.</param>
public sealed record RunPreview(
    string? RunId,
    bool Fits,
    IReadOnlyList<string> Problems,
    int TrainingJobs,
    IReadOnlyList<PreviewJob> Jobs,
    double? EstimatedGpuHours,
    double WorstCaseGpuHours,
    double? GpuHourBudget,
    string EstimateBasis)
{
    public const string PlaceholderRunId = "preview";

    /// <summary>Every job of <paramref name="plan"/> (valid, with a run id) in launch order, training jobs with their estimate.</summary>
    public static IReadOnlyList<PreviewJob> ListJobs(RunPlan plan, IReadOnlyDictionary<string, double> stepSeconds)
    {
        var arms = plan.Arms;
        return PlannedJob.All(plan.RunId!, plan).Select(job =>
        {
            int? steps = null;
            double? hours = null;
            string? key = null;
            if (job.Phase is { } phase)
            {
                var arm = arms.First(a => a.LayoutName == job.Arm);
                var armPlan = plan.ForArm(arm);
                var epochs = phase == TrainPhase.FineTune ? armPlan.FineTuneEpochs ?? armPlan.Epochs : armPlan.Epochs;
                steps = epochs * armPlan.StepsPerEpoch;
                key = CalibrationKey(armPlan);
                if (steps is { } n && stepSeconds.TryGetValue(key, out var seconds)) hours = n * seconds / 3600;
            }
            return new PreviewJob(job.Name, job.Kind.ToString(), job.Dataset, job.Phase is { } p ? BlobLayout.PhaseName(p) : null,
                job.Seed, job.Arm is null ? null : arms.First(a => a.LayoutName == job.Arm).Name, steps, key, hours);
        }).ToList();
    }

    /// <summary>The preview of <paramref name="plan"/> (after defaults) with its problems and <see cref="ListJobs"/>.</summary>
    public static RunPreview Of(RunPlan plan, IReadOnlyList<string> problems, IReadOnlyList<PreviewJob> jobs)
    {
        var training = jobs.Where(j => j.Phase is not null).ToList();
        var estimate = training.Count > 0 && training.All(j => j.EstimatedGpuHours is not null) ? training.Sum(j => j.EstimatedGpuHours!.Value) : (double?)null;
        var basis = jobs.Count == 0 ? "no jobs: the plan has problems"
            : estimate is not null ? "steps (epochs x stepsPerEpoch) x Qcs:Limits:StepSeconds per training job"
            : "unknown: " + string.Join("; ", training.Where(j => j.EstimatedGpuHours is null).Select(j => j.Steps is null
                ? "set epochs (fineTuneEpochs) and stepsPerEpoch: the recipe decides the steps"
                : "Qcs:Limits:StepSeconds has no entry for " + j.Calibration).Distinct());
        var all = problems.ToList();
        if (estimate > plan.GpuHourBudget)
            all.Add($"the estimate of {estimate:0.####} GPU-hours is over gpuHourBudget ({plan.GpuHourBudget}): jobs past the budget would be stopped or not launched.");
        var worstCase = plan.JobCount * (plan.AttemptHours ?? RunPlan.DefaultAttemptHours) * (plan.MaxAttempts ?? 1);
        return new RunPreview(plan.RunId, all.Count == 0, all, training.Count, jobs, estimate, worstCase, plan.GpuHourBudget, basis);
    }

    /// <summary><c>&lt;mode&gt;-&lt;network&gt;</c> of one arm's plan, the key of <c>Qcs:Limits:StepSeconds</c>.</summary>
    public static string CalibrationKey(RunPlan armPlan) =>
        $"{PlanArm.ModeName(armPlan.Mode ?? TrainingMode.Qcs)}-{armPlan.Network ?? RunPlan.PaperNetwork}";
}

/// <summary>One job of a <see cref="RunPreview"/>: its deterministic name and, for training, its steps and estimate.</summary>
/// <param name="Calibration">Training jobs: the <c>Qcs:Limits:StepSeconds</c> key its estimate uses (<c>qcs-paper</c>).</param>
public sealed record PreviewJob(string Name, string Kind, string Dataset, string? Phase, int? Seed, string? Arm, int? Steps,
    string? Calibration, double? EstimatedGpuHours);
