namespace QcsCloud.Workflow.Models;

/// <summary>
/// What <c>StartJobActivity</c> did, which decides what the job orchestration does next. A launcher's refusal is one of
/// these too (<see cref="Launchers.JobLaunchException.Outcome"/>): one concept from the launcher to the orchestration.
/// The values are pinned: activity results cross the durable boundary, and recorded histories hold the numbers.
/// </summary>
public enum LaunchOutcome
{
    Started = 0,
    /// <summary>The job's completion record already says it succeeded: nothing launched.</summary>
    AlreadySucceeded = 1,
    /// <summary>Quota or capacity (HTTP 429/503, no free slot): back off, then wait; not a job failure.</summary>
    CapacityRefused = 2,
    /// <summary>The request itself is wrong (HTTP 400/404/422, bad command): fail fast.</summary>
    InvalidRequest = 3,
    /// <summary>Anything else (network, 500): counts as a failed attempt and is retried with backoff.</summary>
    TransientError = 4,
    /// <summary>The run's cancel marker exists: nothing launched.</summary>
    Cancelled = 5,
    /// <summary>
    /// ARM refused the caller (HTTP 401/403): the host's identity or its role assignment is wrong, not the job. Not bad
    /// input; the workflow retries it like a transient error and shows the message.
    /// </summary>
    Unauthorized = 6,
}
