using QcsCloud.Workflow.Models;

namespace QcsCloud.Workflow.Launchers;

/// <summary>A launcher refused to start a job; <see cref="Outcome"/> tells the workflow whether to wait, retry or give up.</summary>
public sealed class JobLaunchException : Exception
{
    public JobLaunchException(LaunchOutcome outcome, string message, Exception? inner = null) : base(message, inner)
    {
        if (outcome is not (LaunchOutcome.CapacityRefused or LaunchOutcome.InvalidRequest or LaunchOutcome.TransientError or LaunchOutcome.Unauthorized))
            throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "a launch refusal is capacity, invalid, transient or unauthorized");
        Outcome = outcome;
    }

    public LaunchOutcome Outcome { get; }
}
