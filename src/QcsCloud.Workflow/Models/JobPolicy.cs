namespace QcsCloud.Workflow.Models;

/// <summary>
/// Monitoring and retry settings frozen into a run's input at start (from <c>WorkflowOptions</c> and the plan),
/// so orchestrators never read configuration and every replay sees the same values.
/// </summary>
public sealed record JobPolicy(
    TimeSpan PollInterval,
    int MaxPollsPerGeneration,
    int MaxAttempts,
    TimeSpan RetryBaseDelay,
    TimeSpan RetryMaxDelay,
    TimeSpan CapacityWait,
    int MaxCapacityWaits,
    int MaxPreemptions)
{
    /// <summary>Backoff before attempt <paramref name="failures"/> + 1: base x 2^(failures-1), capped.</summary>
    public TimeSpan RetryDelay(int failures)
    {
        var factor = Math.Pow(2, Math.Clamp(failures - 1, 0, 20));
        var delay = TimeSpan.FromTicks((long)Math.Min(RetryBaseDelay.Ticks * factor, RetryMaxDelay.Ticks));
        return delay;
    }
}
