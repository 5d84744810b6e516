namespace QcsCloud.Workflow.Launchers;

/// <summary>A launcher refused to start a job; <see cref="Kind"/> tells the workflow whether to wait, retry or give up.</summary>
public sealed class JobLaunchException(LaunchErrorKind kind, string message, Exception? inner = null)
    : Exception(message, inner)
{
    public LaunchErrorKind Kind { get; } = kind;
}
