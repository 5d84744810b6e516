namespace QcsCloud.Workflow.Models;

/// <summary>What <c>StartJobActivity</c> did.</summary>
public enum LaunchOutcome
{
    Started,
    /// <summary>The job's completion record already says it succeeded: nothing launched.</summary>
    AlreadySucceeded,
    CapacityRefused,
    InvalidRequest,
    TransientError,
    /// <summary>The run's cancel marker exists: nothing launched.</summary>
    Cancelled,
}
