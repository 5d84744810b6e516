using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using QcsCloud.Core;
using QcsCloud.Workflow.Activities;
using QcsCloud.Workflow.Models;

namespace QcsCloud.Workflow.Orchestrators;

/// <summary>
/// One job (a <c>qcs pack</c> or <c>qcs train</c>) from launch to recorded outcome:
/// launch -> poll with durable timers (a <see cref="JobEventName"/> event only wakes it early; the launcher status and
/// the completion record, read by polling, are the truth) -> on the end of an attempt:
/// success: done; exit 130 (preemption, SIGTERM after a checkpoint): relaunch at once, the job resumes from
/// <c>last.ckpt</c>, not a failure; exit 2 (bad input): fail fast; anything else: a failure, retried after
/// jittered exponential backoff until <see cref="JobPolicy.MaxAttempts"/>; capacity/quota refusals of the launch: wait
/// (jittered, growing), not a failure, until <see cref="JobPolicy.CapacityBudget"/> of wall-clock time has passed since the
/// last launch. An attempt running past <see cref="JobPolicy.AttemptDeadline"/>, or whose status polls failed
/// <see cref="JobPolicy.MaxPollFailures"/> times in a row, is stopped and counts as a failure (its error shown).
/// Stops: the <see cref="CancelEventName"/> event (or the run's cancel marker, seen by a poll or refused by the launch
/// activity) stops the execution and records <c>Cancelled</c>; <see cref="BudgetStopEventName"/> records
/// <c>BudgetStopped</c>; neither is a failure or a preemption, and nothing is launched after them. Every attempt's
/// wall time counts as GPU time. Continues as new after <see cref="JobPolicy.MaxPollsPerGeneration"/> steps, carrying a
/// <see cref="JobCursor"/> and the events not yet handled.
/// Replay rules: no DateTime.UtcNow, Guid.NewGuid, Random, I/O or environment reads here (context clock, activities
/// only; jitter is a hash of the job name and count); only durable tasks are awaited; the loop is bounded by the step
/// count, then continue-as-new; logs through <c>CreateReplaySafeLogger</c>. Shipped: change in a V3, never in place.
/// </summary>
public sealed class JobOrchestratorV2 : TaskOrchestrator<JobInput, JobResult>
{
    /// <summary>External event a job (or a watcher) may raise to wake the poll loop early. Payload ignored.</summary>
    public const string JobEventName = "JobEvent";

    /// <summary>External event of a run cancel (raised by the API, forwarded by the run and phase orchestrations).</summary>
    public const string CancelEventName = "Cancel";

    /// <summary>External event the phase sends when the run's GPU-hour budget is spent.</summary>
    public const string BudgetStopEventName = "BudgetStop";

    /// <summary>Polls after a stop request while waiting for the execution to end (the launcher escalates to a kill).</summary>
    private const int StopConfirmPolls = 3;

    public override async Task<JobResult> RunAsync(TaskOrchestrationContext context, JobInput input)
    {
        var policy = input.Policy;
        var cursor = input.Cursor ?? new JobCursor();
        var name = input.Spec.Name;
        var isTrain = input.Spec.Kind == JobKind.Train;
        var log = context.CreateReplaySafeLogger<JobOrchestratorV2>();
        var cancel = context.WaitForExternalEvent<string>(CancelEventName);
        var budgetStop = context.WaitForExternalEvent<string>(BudgetStopEventName);
        var stop = Task.WhenAny(cancel, budgetStop);
        JobPoll? lastPoll = null;
        // A new generation starts with an empty custom status: publish the running handle at once.
        SetStatus(context, cursor, cursor.Handle is null ? "starting" : "running", null);

        for (var step = 0; ; step++)
        {
            if (StopState() is { } requested)
                return await StopAsync(requested, requested == JobOutcomeState.Cancelled
                    ? "the run was cancelled" : "the run's GPU-hour budget was spent");
            if (step >= policy.MaxPollsPerGeneration)
            {
                context.ContinueAsNew(input with { Cursor = cursor with { Generation = cursor.Generation + 1 } }, preserveUnprocessedEvents: true);
                return null!;
            }

            if (cursor.Handle is null)
            {
                LaunchResult launch;
                try
                {
                    launch = await context.CallActivityAsync<LaunchResult>(nameof(StartJobActivity), new StartJobRequest(input.Spec, input.RunFolderUri, input.Reuse));
                }
                catch (TaskFailedException e)
                {
                    // The activity itself broke (storage down, a bug): a failed attempt, retried with backoff.
                    launch = new LaunchResult(LaunchOutcome.TransientError, null, $"StartJobActivity failed: {e.FailureDetails.ErrorMessage}");
                }
                var now = context.CurrentUtcDateTime;
                switch (launch.Outcome)
                {
                    case LaunchOutcome.AlreadySucceeded:
                        if (launch.ReusedFrom is not null)
                            log.LogInformation("Job {JobName} reuses {Source} ({Hours} GPU-hours saved)", name, launch.ReusedFrom, launch.GpuHoursSaved);
                        return await FinishAsync(context, input, cursor, JobOutcomeState.Succeeded, null, reuse: launch) with { Reused = cursor.Launches == 0 };
                    case LaunchOutcome.Cancelled:
                        return await FinishAsync(context, input, cursor, JobOutcomeState.Cancelled, launch.Error);
                    case LaunchOutcome.Started:
                        cursor = cursor with
                        {
                            Handle = launch.Handle,
                            Launches = cursor.Launches + 1,
                            AttemptStartedUtc = now,
                            CapacityWaitSinceUtc = null,
                            PollFailures = 0,
                        };
                        log.LogInformation("Job {JobName} launched as {ExecutionId} (launch {Launch})", name, launch.Handle?.ExecutionId, cursor.Launches);
                        break;
                    case LaunchOutcome.CapacityRefused:
                        var since = cursor.CapacityWaitSinceUtc ?? now;
                        cursor = cursor with { CapacityWaits = cursor.CapacityWaits + 1, CapacityWaitSinceUtc = since, LastError = launch.Error };
                        if (now - since >= policy.CapacityBudget)
                            return await FinishAsync(context, input, cursor, JobOutcomeState.GaveUp,
                                $"No capacity to launch within {policy.CapacityBudget} ({cursor.CapacityWaits} refusals): {launch.Error}");
                        SetStatus(context, cursor, "waiting for capacity", null);
                        await WaitAsync(policy.CapacityDelay(cursor.CapacityWaits, name), wakeOnHint: false);
                        continue;
                    case LaunchOutcome.InvalidRequest:
                        return await FinishAsync(context, input, cursor with { Failures = cursor.Failures + 1 }, JobOutcomeState.BadInput,
                            $"Launch refused: {launch.Error}");
                    default:
                        if (await FailedAttemptAsync(launch.Error, "retrying launch", null) is { } gaveUpLaunching) return gaveUpLaunching;
                        continue;
                }
            }

            lastPoll = await PollAsync(cursor);
            if (lastPoll.CancelRequested)
                return await StopAsync(JobOutcomeState.Cancelled, "the run was cancelled (cancel marker)");
            if (!lastPoll.Terminal)
            {
                string? endAttempt = null;
                if (lastPoll.PollFailed)
                {
                    cursor = cursor with { PollFailures = cursor.PollFailures + 1, LastError = lastPoll.Error };
                    if (cursor.PollFailures >= policy.MaxPollFailures)
                        endAttempt = $"{cursor.PollFailures} consecutive status polls failed; last: {lastPoll.Error}";
                }
                else cursor = cursor with { PollFailures = 0 };
                if (cursor.AttemptStartedUtc is { } started && context.CurrentUtcDateTime - started > policy.AttemptDeadline)
                    endAttempt = $"the attempt ran past its deadline of {policy.AttemptDeadline.TotalHours:0.###} h (plan attemptHours)";

                if (endAttempt is null)
                {
                    SetStatus(context, cursor, lastPoll.PollFailed ? "running (status poll failed)" : "running", lastPoll);
                    await WaitAsync(policy.PollInterval, wakeOnHint: true);
                    continue;
                }

                // The attempt is over for the workflow: stop its execution, count its time, and treat it as a failure.
                log.LogWarning("Job {JobName}: ending attempt {Launch}: {Reason}", name, cursor.Launches, endAttempt);
                cursor = await StopExecutionAsync(cursor);
                if (await FailedAttemptAsync(endAttempt, "attempt ended, retrying", lastPoll) is { } gaveUpEnding) return gaveUpEnding;
                continue;
            }

            // The attempt ended: account its GPU time on the orchestration clock.
            cursor = EndAttempt(cursor);
            if (lastPoll.Succeeded)
                return await FinishAsync(context, input, cursor, JobOutcomeState.Succeeded, null, lastPoll);

            var error = $"exit {lastPoll.ExitCode?.ToString() ?? "?"}: {lastPoll.Error}";
            // An exit 130 that follows a stop request is that stop, not a preemption.
            if (StopState() is { } stopped)
                return await FinishAsync(context, input, cursor, stopped, $"stopped: {error}", lastPoll);
            switch (lastPoll.ExitCode)
            {
                case JobExitCode.Cancelled:
                    cursor = cursor with { Preemptions = cursor.Preemptions + 1, LastError = error };
                    if (cursor.Preemptions > policy.MaxPreemptions)
                        return await FinishAsync(context, input, cursor, JobOutcomeState.GaveUp,
                            $"Preempted {cursor.Preemptions} times (more than {policy.MaxPreemptions}); last: {error}", lastPoll);
                    SetStatus(context, cursor, "preempted, relaunching", lastPoll);
                    continue;
                case JobExitCode.BadInput:
                    return await FinishAsync(context, input, cursor with { Failures = cursor.Failures + 1 }, JobOutcomeState.BadInput,
                        $"Bad input (not retried): {error}", lastPoll);
                default:
                    if (await FailedAttemptAsync(error, "failed, retrying", lastPoll) is { } gaveUp) return gaveUp;
                    continue;
            }
        }

        JobOutcomeState? StopState() =>
            cancel.IsCompleted ? JobOutcomeState.Cancelled : budgetStop.IsCompleted ? JobOutcomeState.BudgetStopped : null;

        // One failed attempt (launch error, failed exit, or an attempt the workflow ended): give up after MaxAttempts,
        // else show the retry and back off; null means try again.
        async Task<JobResult?> FailedAttemptAsync(string? error, string retryingState, JobPoll? poll)
        {
            cursor = cursor with { Failures = cursor.Failures + 1, LastError = error };
            if (cursor.Failures >= policy.MaxAttempts)
                return await FinishAsync(context, input, cursor, JobOutcomeState.GaveUp,
                    $"Gave up after {cursor.Failures} failed attempts; last: {error}", poll);
            SetStatus(context, cursor, retryingState, poll);
            await WaitAsync(policy.RetryDelay(cursor.Failures, name), wakeOnHint: false);
            return null;
        }

        // A timer that a stop request (and, while polling, a job event) ends early.
        async Task WaitAsync(TimeSpan delay, bool wakeOnHint)
        {
            using var wake = new CancellationTokenSource();
            var waits = new List<Task> { context.CreateTimer(delay, wake.Token), stop };
            if (wakeOnHint) waits.Add(context.WaitForExternalEvent<string>(JobEventName, wake.Token));
            await Task.WhenAny(waits);
            wake.Cancel();
        }

        async Task<JobPoll> PollAsync(JobCursor at)
        {
            try
            {
                return await context.CallActivityAsync<JobPoll>(nameof(PollJobActivity), new PollJobRequest(at.Handle!, input.RunFolderUri));
            }
            catch (TaskFailedException e)
            {
                // Could not ask this time (storage or launcher API hiccup): not a verdict on the job; counted, and shown.
                return new JobPoll(false, false, null, ErrorText.Short($"PollJobActivity failed: {e.FailureDetails.ErrorMessage}"), PollFailed: true);
            }
        }

        JobCursor EndAttempt(JobCursor at)
        {
            var seconds = isTrain && at.AttemptStartedUtc is { } started ? (context.CurrentUtcDateTime - started).TotalSeconds : 0;
            return at with { Handle = null, AttemptStartedUtc = null, PollFailures = 0, GpuSeconds = at.GpuSeconds + Math.Max(0, seconds) };
        }

        // Stops the running execution (if any) and waits a few polls for it to end; its time counts either way.
        async Task<JobCursor> StopExecutionAsync(JobCursor at)
        {
            if (at.Handle is null) return at;
            SetStatus(context, at, "stopping", lastPoll);
            try
            {
                await context.CallActivityAsync(nameof(StopJobActivity), at.Handle,
                    new TaskOptions(new TaskRetryOptions(new RetryPolicy(3, TimeSpan.FromSeconds(1)))));
            }
            catch (TaskFailedException e)
            {
                log.LogWarning("Job {JobName}: stopping {ExecutionId} failed: {Error}", name, at.Handle.ExecutionId, e.FailureDetails.ErrorMessage);
                at = at with { LastError = ErrorText.Short($"stop failed: {e.FailureDetails.ErrorMessage}") };
            }
            for (var i = 0; i < StopConfirmPolls; i++)
            {
                var poll = await PollAsync(at);
                if (poll.Terminal) break;
                await context.CreateTimer(policy.PollInterval, CancellationToken.None);
            }
            return EndAttempt(at);
        }

        async Task<JobResult> StopAsync(JobOutcomeState state, string why)
        {
            log.LogInformation("Job {JobName}: {Why}; stopping it", name, why);
            var running = cursor.Handle is not null;
            cursor = await StopExecutionAsync(cursor);
            return await FinishAsync(context, input, cursor, state, running ? $"{why}: execution stopped" : $"{why}: not launched again", lastPoll);
        }
    }

    private static async Task<JobResult> FinishAsync(
        TaskOrchestrationContext context, JobInput input, JobCursor cursor, JobOutcomeState state, string? error, JobPoll? poll = null,
        LaunchResult? reuse = null)
    {
        var gpuHours = cursor.GpuSeconds / 3600;
        double? saved = reuse is { GpuHoursSaved: > 0 } r ? r.GpuHoursSaved : null;
        var outcome = new JobOutcome(input.Spec.Name, input.Spec.Kind, input.Dataset, input.Phase, input.Seed, state,
            cursor.Launches, cursor.Preemptions, ErrorText.Short(error), gpuHours, input.Spec.OutputUri, reuse?.ReusedFrom, saved);
        try
        {
            await context.CallActivityAsync(nameof(RecordOutcomeActivity), new OutcomeRecord(input.OutcomeFolderUri, outcome),
                new TaskOptions(new TaskRetryOptions(new RetryPolicy(3, TimeSpan.FromSeconds(1)))));
        }
        catch (TaskFailedException)
        {
            // The outcome record is for the report; the result below still carries the state.
        }
        SetStatus(context, cursor with { LastError = ErrorText.Short(error) }, state.ToString(), poll is null ? null : poll with { Error = null },
            reuse?.ReusedFrom, saved);
        return new JobResult(input.Spec.Name, state, gpuHours, GpuHoursSaved: saved ?? 0);
    }

    /// <summary>The custom status: the poll's own error when it has one (what went wrong now), else the attempt's last error.</summary>
    private static void SetStatus(TaskOrchestrationContext context, JobCursor cursor, string state, JobPoll? poll,
        string? reusedFrom = null, double? gpuHoursSaved = null) =>
        context.SetCustomStatus(new JobProgress(state, cursor.Launches, cursor.Failures, cursor.Preemptions, cursor.Handle,
            poll?.Epoch, poll?.EpochsPlanned, poll?.TestAccuracy, ErrorText.Short(poll?.Error ?? cursor.LastError), reusedFrom, gpuHoursSaved));
}
