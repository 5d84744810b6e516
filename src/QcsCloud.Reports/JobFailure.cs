using QcsCloud.Core;

namespace QcsCloud.Reports;

/// <summary>A job that failed, with what it said.</summary>
/// <param name="JobName">The job's deterministic name.</param>
/// <param name="Kind">Stage or Train.</param>
/// <param name="Dataset">Dataset name, when the job had one.</param>
/// <param name="Phase">Training phase (training jobs only).</param>
/// <param name="Seed">Seed (training jobs only).</param>
/// <param name="ExitCode">Process exit code (<see cref="JobExitCode"/>), when known.</param>
/// <param name="Error">The error text (last lines of the job's log or its completion record).</param>
/// <param name="Attempts">How many times it was launched.</param>
public sealed record JobFailure(
    string JobName,
    JobKind Kind,
    string? Dataset,
    TrainPhase? Phase,
    int? Seed,
    int? ExitCode,
    string Error,
    int Attempts = 1);
