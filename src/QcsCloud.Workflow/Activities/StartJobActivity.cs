using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using QcsCloud.Core;
using QcsCloud.Workflow.Launchers;
using QcsCloud.Workflow.Models;
using QcsCloud.Workflow.Orchestrators;
using QcsCloud.Workflow.Reuse;
using QcsCloud.Workflow.Storage;

namespace QcsCloud.Workflow.Activities;

/// <summary>
/// Launches a job unless its completion record already says it succeeded for the same spec (a replayed or retried
/// orchestration, or the same run posted again after its history was purged, never launches a finished job again: the
/// job is reused) or its run's cancel marker (<see cref="RunLayout.CancelFile"/>) exists (no launch after a
/// cancel, whatever event was lost). A training job with <see cref="StartJobRequest.Reuse"/> gets its content key written
/// to its folder; with <see cref="JobReuse.Lookup"/> a succeeded job of another run with the same key (the index under
/// <c>checkpoints/_reuse/</c>) is copied into its folder instead of launching it (<see cref="JobReuseStore"/>). Launch refusals come back as a <see cref="LaunchOutcome"/>, not an exception, so the
/// job orchestration decides: wait for capacity, fail fast, or retry.
/// </summary>
public sealed class StartJobActivity(IJobLauncher launcher, QcsStorage storage, JobReuseStore reuse, ILogger<StartJobActivity> logger)
    : TaskActivity<StartJobRequest, LaunchResult>
{
    /// <summary>The spec a job was launched with, written to its output folder before the launch.</summary>
    public const string SpecFile = "job.json";

    /// <summary>The same work: kind and arguments (which name every input, option and the output), old option spellings
    /// read as the new ones (<see cref="JobSpecFactory.CurrentSpelling"/>). Names are not compared: staging jobs of two
    /// runs differ by name only.</summary>
    public static bool SameWork(JobSpec a, JobSpec b) =>
        a.Kind == b.Kind && JobSpecFactory.CurrentSpelling(a.Arguments).SequenceEqual(JobSpecFactory.CurrentSpelling(b.Arguments));

    /// <summary>How a reused job names its source: the source job's name (its folder is in the marker, <see cref="JobReuseStore.ReusedFromFile"/>).</summary>
    public static string Describe(ReusedFrom source) => source.SourceJobName;

    public override async Task<LaunchResult> RunAsync(TaskActivityContext context, StartJobRequest request)
    {
        var spec = request.Spec;
        var completion = await storage.ReadJsonAsync<JobCompletion>(spec.OutputUri, BlobLayout.CompletionFile, CancellationToken.None);
        if (completion?.Succeeded == true)
        {
            // Folders written before spec records have none: their completion is trusted as before.
            var recorded = await storage.ReadJsonAsync<JobSpec>(spec.OutputUri, SpecFile, CancellationToken.None);
            if (recorded is not null && !SameWork(recorded, spec))
                return new(LaunchOutcome.InvalidRequest, null,
                    $"{spec.OutputUri} holds a finished job of another spec ({recorded.Name}: {string.Join(' ', recorded.Arguments)}); not launched over it: use another runId");
            logger.LogInformation("Job {JobName} already completed with the same spec; reusing it", spec.Name);
            // A folder filled from another run's job keeps saying so (the same run posted again after a purge).
            var copied = await reuse.ReusedFromAsync(spec.OutputUri, CancellationToken.None);
            return new(LaunchOutcome.AlreadySucceeded, null, null, copied is null ? null : Describe(copied), copied?.GpuHoursSaved ?? 0);
        }
        if (request.RunFolderUri is { } run
            && await storage.ReadJsonAsync<CancelMarker>(run, RunLayout.CancelFile, CancellationToken.None) is { } cancel)
        {
            logger.LogInformation("Job {JobName} not launched: its run was cancelled at {CancelledUtc}", spec.Name, cancel.RequestedUtc);
            return new(LaunchOutcome.Cancelled, null, $"the run was cancelled at {cancel.RequestedUtc:u}; not launched");
        }
        if (request.Reuse is { } asked && spec.Kind == JobKind.Train)
        {
            var key = await reuse.KeyOfAsync(spec, asked.Variant, CancellationToken.None);
            await reuse.WriteKeyAsync(spec.OutputUri, key, CancellationToken.None);
            if (asked.Lookup && await reuse.FindReusableAsync(key.Key, spec.OutputUri, CancellationToken.None) is { } source)
            {
                var copied = await reuse.CopyAsync(spec, source, SpecFile, CancellationToken.None);
                logger.LogInformation("Job {JobName} not launched: reused {Source} (key {Key})", spec.Name, copied.SourceOutputUri, key.Key);
                return new(LaunchOutcome.AlreadySucceeded, null, null, Describe(copied), copied.GpuHoursSaved);
            }
        }
        try
        {
            await storage.WriteJsonAsync(spec.OutputUri, SpecFile, spec, CancellationToken.None);
            var handle = await launcher.StartAsync(spec, CancellationToken.None);
            logger.LogInformation("Started job {JobName} as {ExecutionId}", spec.Name, handle.ExecutionId);
            return new(LaunchOutcome.Started, handle, null);
        }
        catch (JobLaunchException e)
        {
            logger.LogWarning("Launch of job {JobName} refused ({Outcome}): {Error}", spec.Name, e.Outcome, e.Message);
            return new(e.Outcome, null, ErrorText.Short(e.Message));
        }
    }
}
