namespace QcsCloud.Workflow.Models;

/// <summary>
/// Monitoring and retry settings frozen into a run's input at start (from <c>WorkflowOptions</c>, the plan and the
/// launcher), so orchestrators never read configuration and every replay sees the same values.
/// </summary>
/// <param name="CapacityWait">First wait after a capacity refusal; doubles (up to 8x) while refusals go on, jittered.</param>
/// <param name="CapacityBudget">Wall-clock time one job may spend waiting for capacity (since its last launch) before it is given up.</param>
/// <param name="AttemptDeadline">Wall-clock deadline of one attempt (the plan's <c>attemptHours</c>): then it is stopped and counts as failed.</param>
/// <param name="MaxPollFailures">Consecutive failed status polls that end an attempt (as failed, with the poll's error).</param>
/// <param name="LauncherSlots">Executions the launcher runs at once (local slots); null when it has no fixed limit (Container Apps).</param>
public sealed record JobPolicy(
    TimeSpan PollInterval,
    int MaxPollsPerGeneration,
    int MaxAttempts,
    TimeSpan RetryBaseDelay,
    TimeSpan RetryMaxDelay,
    TimeSpan CapacityWait,
    TimeSpan CapacityBudget,
    int MaxPreemptions,
    TimeSpan AttemptDeadline,
    int MaxPollFailures,
    int? LauncherSlots = null)
{
    /// <summary>
    /// Backoff before attempt <paramref name="failures"/> + 1: base x 2^(failures-1), capped, times a jitter of 0.75-1.25
    /// derived from <paramref name="key"/> (the job name) and the count: deterministic, so replays wait the same.
    /// </summary>
    public TimeSpan RetryDelay(int failures, string key = "")
    {
        var factor = Math.Pow(2, Math.Clamp(failures - 1, 0, 20));
        var delay = Math.Min(RetryBaseDelay.Ticks * factor, RetryMaxDelay.Ticks);
        return TimeSpan.FromTicks((long)(delay * (0.75 + 0.5 * Jitter(key, failures))));
    }

    /// <summary>Wait after the <paramref name="waits"/>-th capacity refusal: <see cref="CapacityWait"/> x 2^(waits-1) (up to 8x), jittered 0.75-1.25.</summary>
    public TimeSpan CapacityDelay(int waits, string key = "")
    {
        var factor = Math.Pow(2, Math.Clamp(waits - 1, 0, 3));
        return TimeSpan.FromTicks((long)(CapacityWait.Ticks * factor * (0.75 + 0.5 * Jitter(key, -waits))));
    }

    /// <summary>A stable fraction in [0, 1) from a key and a count (FNV-1a; string.GetHashCode differs per process).</summary>
    public static double Jitter(string key, int count)
    {
        var hash = 2166136261u;
        foreach (var c in $"{key}#{count}")
        {
            hash ^= c;
            hash *= 16777619u;
        }
        return (hash % 10007) / 10007.0;
    }
}
