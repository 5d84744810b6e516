using QcsCloud.Core;

namespace QcsCloud.Workflow.Launchers;

/// <summary>
/// Starts <c>qcs</c> jobs somewhere (local processes, Container Apps Jobs) and reports on them. Every call is
/// made from an activity, so each must be safe to repeat: starting a job whose name is already running
/// returns the running execution instead of launching a second one.
/// </summary>
public interface IJobLauncher
{
    /// <summary>Starts an execution of <paramref name="spec"/>.</summary>
    /// <exception cref="JobLaunchException">The launch was refused; <see cref="JobLaunchException.Outcome"/> says whether waiting helps.</exception>
    Task<JobHandle> StartAsync(JobSpec spec, CancellationToken cancellationToken);

    /// <summary>What the launcher knows of an execution. The completion record, not this, decides success.</summary>
    Task<JobStatus> GetStatusAsync(JobHandle handle, CancellationToken cancellationToken);

    /// <summary>Executions this launcher runs at once (local slots), or null when it has no fixed limit (Container Apps).
    /// A run's window is clamped to it, so jobs never queue for a slot that cannot come.</summary>
    int? Slots => null;

    /// <summary>Stops an execution (SIGTERM first: the trainer checkpoints and exits 130). No-op when it already ended.</summary>
    Task CancelAsync(JobHandle handle, CancellationToken cancellationToken);
}
