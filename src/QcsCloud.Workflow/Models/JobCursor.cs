using QcsCloud.Workflow.Launchers;

namespace QcsCloud.Workflow.Models;

/// <summary>Where a job orchestration is, carried across continue-as-new.</summary>
/// <param name="Launches">Executions started so far (preemptions included).</param>
/// <param name="Failures">Failed attempts (exit 3, crashes, transient launch errors, deadlines, polls that kept failing); preemptions and capacity waits excluded.</param>
/// <param name="Handle">The running execution, or null between attempts.</param>
/// <param name="AttemptStartedUtc">Orchestration-clock start of the running attempt (GPU-hour accounting and the attempt deadline).</param>
/// <param name="CapacityWaitSinceUtc">First capacity refusal since the last launch (the capacity budget is wall-clock time from it).</param>
/// <param name="PollFailures">Consecutive status polls that failed for the running attempt.</param>
public sealed record JobCursor(
    int Launches = 0,
    int Failures = 0,
    int Preemptions = 0,
    int CapacityWaits = 0,
    JobHandle? Handle = null,
    DateTime? AttemptStartedUtc = null,
    double GpuSeconds = 0,
    int Generation = 0,
    string? LastError = null,
    DateTime? CapacityWaitSinceUtc = null,
    int PollFailures = 0);
