using System.Text.Json.Serialization;
using QcsCloud.Core;

namespace QcsCloud.Reports;

/// <summary>One training job (dataset, phase, seed).</summary>
/// <param name="Seed">The job's seed.</param>
/// <param name="Outcome">How the job ended (or that it has not).</param>
/// <param name="Metrics">The job's <c>metrics.json</c>, when it wrote one (a failed job may have partial epochs).</param>
/// <param name="Checkpoints">Links to its checkpoint folder and files.</param>
/// <param name="Error">The job's error when it failed.</param>
/// <param name="ReusedFrom">Not launched: its outputs were copied from this succeeded job of another run (same content key).</param>
/// <param name="GpuHoursSaved">For a reused job, the GPU-hours its source job took.</param>
public sealed record SeedResult(
    int Seed,
    SeedOutcome Outcome,
    TrainingMetrics? Metrics,
    CheckpointLinks? Checkpoints = null,
    string? Error = null,
    string? ReusedFrom = null,
    double? GpuHoursSaved = null)
{
    /// <summary>
    /// The epoch whose test scores the report compares: the reference protocol (best test epoch, as the paper
    /// reports), else the validation-selected epoch, else the last epoch.
    /// </summary>
    [JsonIgnore]
    public SelectedEpoch? Reported => Metrics?.ReferenceProtocol ?? Metrics?.Selected ?? Metrics?.LastEpoch;
}
