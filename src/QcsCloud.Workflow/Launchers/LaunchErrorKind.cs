namespace QcsCloud.Workflow.Launchers;

/// <summary>Why a launch was refused, which decides what the job orchestration does next.</summary>
public enum LaunchErrorKind
{
    /// <summary>Quota or capacity (HTTP 429/503, no free slot): back off, then wait; not a job failure.</summary>
    Capacity,
    /// <summary>The request itself is wrong (HTTP 400/404/422, bad command): fail fast.</summary>
    Invalid,
    /// <summary>Anything else (network, 500): counts as a failed attempt and is retried with backoff.</summary>
    Transient,
    /// <summary>
    /// ARM refused the caller (HTTP 401/403): the host's identity or its role assignment is wrong, not the job. Not bad
    /// input; the workflow retries it like a transient error and shows the message.
    /// </summary>
    Unauthorized,
}
