namespace QcsCloud.Workflow.Launchers;

/// <summary>An ARM read answered an error status (401/403: the host's identity lacks a role; 5xx: try again later).</summary>
public sealed class ArmCallException(int status, string message) : Exception(message)
{
    public int Status { get; } = status;
}
