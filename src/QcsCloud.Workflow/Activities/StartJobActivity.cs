using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using QcsCloud.Core;
using QcsCloud.Workflow.Launchers;
using QcsCloud.Workflow.Models;
using QcsCloud.Workflow.Storage;

namespace QcsCloud.Workflow.Activities;

/// <summary>
/// Launches a job unless its completion record already says it succeeded (a replayed or retried orchestration never
/// launches a finished job again) or its run's cancel marker (<see cref="RunLayout.CancelFile"/>) exists (no launch after a
/// cancel, whatever event was lost). Launch refusals come back as a <see cref="LaunchOutcome"/>, not an exception, so the
/// job orchestration decides: wait for capacity, fail fast, or retry.
/// </summary>
public sealed class StartJobActivity(IJobLauncher launcher, QcsStorage storage, ILogger<StartJobActivity> logger)
    : TaskActivity<StartJobRequest, LaunchResult>
{
    public override async Task<LaunchResult> RunAsync(TaskActivityContext context, StartJobRequest request)
    {
        var spec = request.Spec;
        var completion = await storage.ReadJsonAsync<JobCompletion>(spec.OutputUri, BlobLayout.CompletionFile, CancellationToken.None);
        if (completion?.Succeeded == true)
        {
            logger.LogInformation("Job {JobName} already completed; not launching it again", spec.Name);
            return new(LaunchOutcome.AlreadySucceeded, null, null);
        }
        if (request.RunFolderUri is { } run
            && await storage.ReadJsonAsync<CancelMarker>(run, RunLayout.CancelFile, CancellationToken.None) is { } cancel)
        {
            logger.LogInformation("Job {JobName} not launched: its run was cancelled at {CancelledUtc}", spec.Name, cancel.RequestedUtc);
            return new(LaunchOutcome.Cancelled, null, $"the run was cancelled at {cancel.RequestedUtc:u}; not launched");
        }
        try
        {
            var handle = await launcher.StartAsync(spec, CancellationToken.None);
            logger.LogInformation("Started job {JobName} as {ExecutionId}", spec.Name, handle.ExecutionId);
            return new(LaunchOutcome.Started, handle, null);
        }
        catch (JobLaunchException e)
        {
            logger.LogWarning("Launch of job {JobName} refused ({Kind}): {Error}", spec.Name, e.Kind, e.Message);
            var outcome = e.Kind switch
            {
                LaunchErrorKind.Capacity => LaunchOutcome.CapacityRefused,
                LaunchErrorKind.Invalid => LaunchOutcome.InvalidRequest,
                _ => LaunchOutcome.TransientError,
            };
            return new(outcome, null, ErrorText.Short(e.Message));
        }
    }
}
