namespace QcsCloud.Workflow.Launchers;

/// <summary>Why a launch was refused, which decides what the job orchestration does next.</summary>
public enum LaunchErrorKind
{
    /// <summary>Quota or capacity (HTTP 429/503, no free slot): back off, then wait; not a job failure.</summary>
    Capacity,
    /// <summary>The request itself is wrong (HTTP 400/403/404, bad command): fail fast.</summary>
    Invalid,
    /// <summary>Anything else (network, 500): counts as a failed attempt and is retried with backoff.</summary>
    Transient,
}
