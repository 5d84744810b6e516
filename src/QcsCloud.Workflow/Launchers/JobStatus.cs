namespace QcsCloud.Workflow.Launchers;

/// <summary>An execution's state, its exit code when the launcher knows it, and an error text for the record.</summary>
public sealed record JobStatus(JobState State, int? ExitCode = null, string? Error = null)
{
    public bool IsTerminal => State is JobState.Succeeded or JobState.Failed;
}
