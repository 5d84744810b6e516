using QcsCloud.Core;

namespace QcsCloud.Workflow.Launchers;

/// <summary>Container Apps Jobs through Azure Resource Manager (being written: start, executions status, stop).</summary>
public sealed class ContainerAppsJobLauncher : IJobLauncher
{
    public Task<JobHandle> StartAsync(JobSpec spec, CancellationToken cancellationToken) =>
        throw new JobLaunchException(LaunchErrorKind.Invalid, "ContainerAppsJobLauncher is not implemented yet.");

    public Task<JobStatus> GetStatusAsync(JobHandle handle, CancellationToken cancellationToken) =>
        throw new NotSupportedException("ContainerAppsJobLauncher is not implemented yet.");

    public Task CancelAsync(JobHandle handle, CancellationToken cancellationToken) =>
        throw new NotSupportedException("ContainerAppsJobLauncher is not implemented yet.");
}
