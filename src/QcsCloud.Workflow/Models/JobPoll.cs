namespace QcsCloud.Workflow.Models;

/// <summary>
/// Output of <c>PollJobActivity</c>: the launcher's status confirmed by the completion record (the truth), plus the
/// last epoch in <c>metrics.json</c> for progress.
/// </summary>
public sealed record JobPoll(
    bool Terminal,
    bool Succeeded,
    int? ExitCode,
    string? Error,
    int? Epoch = null,
    int? EpochsPlanned = null,
    double? TestAccuracy = null);
