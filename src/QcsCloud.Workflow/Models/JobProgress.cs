using QcsCloud.Workflow.Launchers;

namespace QcsCloud.Workflow.Models;

/// <summary>Custom status of a job orchestration: state, attempt, the running execution and the last epoch seen.</summary>
public sealed record JobProgress(
    string State,
    int Attempt,
    int Failures,
    int Preemptions,
    JobHandle? Handle,
    int? Epoch = null,
    int? EpochsPlanned = null,
    double? TestAccuracy = null,
    string? LastError = null);
