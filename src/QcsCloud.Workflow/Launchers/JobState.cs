namespace QcsCloud.Workflow.Launchers;

/// <summary>An execution's state as the launcher sees it.</summary>
public enum JobState
{
    Pending,
    Running,
    /// <summary>Ended with exit code 0 (the completion record still has to confirm it).</summary>
    Succeeded,
    /// <summary>Ended with a non-zero exit code, was stopped, or vanished.</summary>
    Failed,
}
