namespace QcsCloud.Workflow.Models;

/// <summary>
/// Output of <c>PollJobActivity</c>: the launcher's status confirmed by the completion record (the truth), plus the
/// last epoch in <c>metrics.json</c> for progress.
/// </summary>
/// <param name="PollFailed">The poll itself failed (launcher API or storage error): <see cref="Error"/> says why; not a verdict on the job.</param>
/// <param name="CancelRequested">The run's cancel marker exists: the job must stop.</param>
public sealed record JobPoll(
    bool Terminal,
    bool Succeeded,
    int? ExitCode,
    string? Error,
    int? Epoch = null,
    int? EpochsPlanned = null,
    double? TestAccuracy = null,
    bool PollFailed = false,
    bool CancelRequested = false);
