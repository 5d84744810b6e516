using System.ComponentModel.DataAnnotations;
using QcsCloud.Core;

namespace QcsCloud.Workflow.Configuration;

/// <summary>
/// Timings of job monitoring and retries (section <c>Qcs:Workflow</c>). Orchestrators never read options: the
/// start handler copies these into the run's input (<see cref="Models.JobPolicy"/>), so a replay sees the same values.
/// </summary>
public sealed class WorkflowOptions : IValidatableObject
{
    public const string Section = "Qcs:Workflow";

    /// <summary>Durable timer between two status polls of a running job.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Polls before a job orchestration continues as new (keeps its history short).</summary>
    [Range(1, 1000)]
    public int MaxPollsPerGeneration { get; set; } = 50;

    /// <summary>First retry delay after a failed attempt; doubles per failure up to <see cref="RetryMaxDelay"/>.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMinutes(1);

    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Wait after a quota/capacity refusal before launching again.</summary>
    public TimeSpan CapacityWait { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Wall-clock time one job may wait for capacity (from its first refusal since its last launch) before it is given up:
    /// hours in Azure (quota and GPU capacity come back slowly), minutes locally (a slot frees when a job ends).
    /// </summary>
    public TimeSpan CapacityBudget { get; set; } = TimeSpan.FromHours(6);

    /// <summary>Consecutive failed status polls that end an attempt (as a failure, with the poll's error shown).</summary>
    [Range(1, 1000)]
    public int MaxPollFailures { get; set; } = 10;

    /// <summary>Preemptions (exit 130) of one job before it is given up; they never count as failures.</summary>
    [Range(1, 1000)]
    public int MaxPreemptions { get; set; } = 20;

    /// <summary>
    /// What a plan without <c>reuse</c> gets: <c>succeeded</c> (reuse succeeded jobs of the same content key across runs)
    /// or <c>never</c>.
    /// </summary>
    public string DefaultReuse { get; set; } = RunPlan.ReuseSucceeded;

    /// <summary>Runs listed by <c>GET /api/runs</c>.</summary>
    [Range(1, 1000)]
    public int ListLimit { get; set; } = 100;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, value) in new[]
                 {
                     (nameof(PollInterval), PollInterval), (nameof(RetryBaseDelay), RetryBaseDelay),
                     (nameof(RetryMaxDelay), RetryMaxDelay), (nameof(CapacityWait), CapacityWait),
                     (nameof(CapacityBudget), CapacityBudget),
                 })
            if (value <= TimeSpan.Zero || value > TimeSpan.FromDays(1))
                yield return new ValidationResult($"{Section}:{name} ({value}) must be more than 0 and at most 1 day.", [name]);
        if (DefaultReuse is not (RunPlan.ReuseSucceeded or RunPlan.ReuseNever))
            yield return new ValidationResult($"{Section}:DefaultReuse '{DefaultReuse}' is unknown: use {RunPlan.ReuseSucceeded} or {RunPlan.ReuseNever}.", [nameof(DefaultReuse)]);
        if (RetryMaxDelay < RetryBaseDelay)
            yield return new ValidationResult(
                $"{Section}:RetryMaxDelay ({RetryMaxDelay}) must not be less than RetryBaseDelay ({RetryBaseDelay}).", [nameof(RetryMaxDelay)]);
    }
}
