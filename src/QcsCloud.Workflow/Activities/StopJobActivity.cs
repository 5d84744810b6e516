using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using QcsCloud.Workflow.Launchers;

namespace QcsCloud.Workflow.Activities;

/// <summary>
/// Stops a running execution through its launcher (SIGTERM locally, <c>.../stop</c> on Container Apps): used by the job
/// orchestration on a cancel, a spent GPU-hour budget, a passed attempt deadline or polls that kept failing.
/// A no-op when the execution already ended.
/// </summary>
public sealed class StopJobActivity(IJobLauncher launcher, ILogger<StopJobActivity> logger) : TaskActivity<JobHandle, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, JobHandle handle)
    {
        await launcher.CancelAsync(handle, CancellationToken.None);
        logger.LogInformation("Stopped job {JobName} ({ExecutionId})", handle.JobName, handle.ExecutionId);
        return true;
    }
}
