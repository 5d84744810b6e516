using Microsoft.DurableTask;
using QcsCloud.Core;
using QcsCloud.Workflow.Launchers;
using QcsCloud.Workflow.Models;
using QcsCloud.Workflow.Storage;

namespace QcsCloud.Workflow.Activities;

/// <summary>
/// The launcher's status confirmed by the completion record: success only when <c>completion.json</c> (newer than the
/// execution) says so; an exit 0 without it is a failure. Also reads the last epoch of <c>metrics.json</c> for progress,
/// and whether the run's cancel marker exists (a job that missed the cancel event still stops).
/// </summary>
public sealed class PollJobActivity(IJobLauncher launcher, QcsStorage storage) : TaskActivity<PollJobRequest, JobPoll>
{
    public override async Task<JobPoll> RunAsync(TaskActivityContext context, PollJobRequest request)
    {
        var poll = await PollAsync(request.Handle);
        var cancelled = request.RunFolderUri is { } run
            && await storage.ReadJsonAsync<CancelMarker>(run, RunLayout.CancelFile, CancellationToken.None) is not null;
        return cancelled ? poll with { CancelRequested = true } : poll;
    }

    private async Task<JobPoll> PollAsync(JobHandle handle)
    {
        var status = await launcher.GetStatusAsync(handle, CancellationToken.None);
        var completion = await storage.ReadJsonAsync<JobCompletion>(handle.OutputUri, BlobLayout.CompletionFile, CancellationToken.None);
        // A record older than this execution was left by an earlier attempt (a second of slack for clock skew).
        if (completion is not null && completion.FinishedUtc < handle.StartedUtc.AddSeconds(-1)) completion = null;

        int? epoch = null, planned = null;
        double? accuracy = null;
        try
        {
            var metrics = await storage.ReadJsonAsync<TrainingMetrics>(handle.OutputUri, BlobLayout.MetricsFile, CancellationToken.None);
            if (metrics is { Epochs.Count: > 0 })
            {
                var last = metrics.Epochs[^1];
                (epoch, planned, accuracy) = (last.Epoch, metrics.EpochsPlanned, last.Test?.Accuracy);
            }
        }
        catch (InvalidDataException)
        {
            // Half-written metrics are only progress: ignore them.
        }

        if (completion?.Succeeded == true) return new(true, true, 0, null, epoch, planned, accuracy);
        if (!status.IsTerminal) return new(false, false, null, null, epoch, planned, accuracy);
        if (completion is not null)
            return new(true, false, status.ExitCode ?? completion.ExitCode, ErrorText.Short(completion.Error ?? status.Error), epoch, planned, accuracy);
        if (status.State == JobState.Succeeded)
            return new(true, false, JobExitCode.TrainingFailed,
                $"the job exited 0 but wrote no {BlobLayout.CompletionFile} to {handle.OutputUri}", epoch, planned, accuracy);
        return new(true, false, status.ExitCode, ErrorText.Short(status.Error), epoch, planned, accuracy);
    }
}
