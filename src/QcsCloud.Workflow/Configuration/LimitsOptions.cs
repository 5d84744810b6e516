using System.ComponentModel.DataAnnotations;
using QcsCloud.Core;

namespace QcsCloud.Workflow.Configuration;

/// <summary>
/// Section <c>Qcs:Limits</c>: what one caller may ask of the deployment, whatever the plan says. A plan over a cap is
/// refused with 400 naming the setting.
/// </summary>
public sealed class LimitsOptions
{
    public const string Section = "Qcs:Limits";

    /// <summary>Training jobs one run may make ((datasets + fine-tune targets) x seeds).</summary>
    [Range(1, RunPlan.MaxJobs)]
    public int MaxJobsPerRun { get; set; } = 100;

    /// <summary>Largest <c>maxConcurrentJobs</c> a plan may ask for.</summary>
    [Range(1, RunPlan.MaxConcurrencyLimit)]
    public int MaxConcurrentJobs { get; set; } = 16;

    /// <summary>Largest <c>gpuHourBudget</c> a plan may ask for (null: no upper cap).</summary>
    [Range(0.01, 100_000)]
    public double? MaxGpuHourBudget { get; set; }

    /// <summary>A plan must state <c>gpuHourBudget</c>. Null: required when jobs run on Container Apps (Azure), not locally.</summary>
    public bool? RequireGpuHourBudget { get; set; }

    /// <summary>
    /// Overrides of the preview's step-time table (<see cref="StepCalibration"/>): seconds one training step takes on this
    /// deployment's jobs, by <c>&lt;mode&gt;-&lt;network&gt;</c> (<c>qcs-paper</c>, <c>baseline-tiny</c>), at the plan's batch.
    /// Empty by default: the shipped table decides.
    /// </summary>
    public Dictionary<string, double> StepSeconds { get; set; } = [];

    /// <summary>
    /// What the training jobs run on, the device column of the step-time table: <c>cpu</c>, <c>T4</c> or <c>A100</c>.
    /// Null: <c>cpu</c> for local jobs, unknown (no estimate) for Container Apps, where the template sets its GPU kind.
    /// </summary>
    public string? Device { get; set; }
}
