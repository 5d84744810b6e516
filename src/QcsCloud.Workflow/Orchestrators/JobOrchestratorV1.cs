using Microsoft.DurableTask;
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
/// exponential backoff until <see cref="JobPolicy.MaxAttempts"/>; capacity/quota refusals of the launch: wait
/// <see cref="JobPolicy.CapacityWait"/>, not a failure. Continues as new after <see cref="JobPolicy.MaxPollsPerGeneration"/>
/// steps, carrying a <see cref="JobCursor"/>.
/// Replay rules: no DateTime.UtcNow, Guid.NewGuid, I/O or environment reads here (context clock, activities only);
/// only durable tasks are awaited; the loop is bounded by the step count, then continue-as-new. Shipped: change in a V2.
/// </summary>
public sealed class JobOrchestratorV1 : TaskOrchestrator<JobInput, JobResult>
{
    /// <summary>External event a job (or a watcher) may raise to wake the poll loop early. Payload ignored.</summary>
    public const string JobEventName = "JobEvent";

    public override async Task<JobResult> RunAsync(TaskOrchestrationContext context, JobInput input)
    {
        var policy = input.Policy;
        var cursor = input.Cursor ?? new JobCursor();
        var isTrain = input.Spec.Kind == JobKind.Train;
        JobPoll? lastPoll = null;
        // A new generation starts with an empty custom status: publish the running handle at once (cancel reads it).
        SetStatus(context, cursor, cursor.Handle is null ? "starting" : "running", null);

        for (var step = 0; ; step++)
        {
            if (step >= policy.MaxPollsPerGeneration)
            {
                context.ContinueAsNew(input with { Cursor = cursor with { Generation = cursor.Generation + 1 } }, preserveUnprocessedEvents: false);
                return null!;
            }

            if (cursor.Handle is null)
            {
                LaunchResult launch;
                try
                {
                    launch = await context.CallActivityAsync<LaunchResult>(nameof(StartJobActivity), input.Spec);
                }
                catch (TaskFailedException e)
                {
                    // The activity itself broke (storage down, a bug): a failed attempt, retried with backoff.
                    launch = new LaunchResult(LaunchOutcome.TransientError, null, $"StartJobActivity failed: {e.FailureDetails.ErrorMessage}");
                }
                switch (launch.Outcome)
                {
                    case LaunchOutcome.AlreadySucceeded:
                        return await FinishAsync(context, input, cursor, JobOutcomeState.Succeeded, null);
                    case LaunchOutcome.Started:
                        cursor = cursor with { Handle = launch.Handle, Launches = cursor.Launches + 1, AttemptStartedUtc = context.CurrentUtcDateTime };
                        break;
                    case LaunchOutcome.CapacityRefused:
                        cursor = cursor with { CapacityWaits = cursor.CapacityWaits + 1, LastError = launch.Error };
                        if (cursor.CapacityWaits > policy.MaxCapacityWaits)
                            return await FinishAsync(context, input, cursor, JobOutcomeState.GaveUp,
                                $"No capacity to launch after {policy.MaxCapacityWaits} waits: {launch.Error}");
                        SetStatus(context, cursor, "waiting for capacity", null);
                        await context.CreateTimer(policy.CapacityWait, CancellationToken.None);
                        continue;
                    case LaunchOutcome.InvalidRequest:
                        return await FinishAsync(context, input, cursor with { Failures = cursor.Failures + 1 }, JobOutcomeState.BadInput,
                            $"Launch refused: {launch.Error}");
                    default:
                        cursor = cursor with { Failures = cursor.Failures + 1, LastError = launch.Error };
                        if (cursor.Failures >= policy.MaxAttempts)
                            return await FinishAsync(context, input, cursor, JobOutcomeState.GaveUp,
                                $"Gave up after {cursor.Failures} failed attempts; last: {launch.Error}");
                        SetStatus(context, cursor, "retrying launch", null);
                        await context.CreateTimer(policy.RetryDelay(cursor.Failures), CancellationToken.None);
                        continue;
                }
            }

            try
            {
                lastPoll = await context.CallActivityAsync<JobPoll>(nameof(PollJobActivity), cursor.Handle!);
            }
            catch (TaskFailedException e)
            {
                // Could not ask this time (storage or launcher API hiccup): not a verdict on the job, ask again later.
                lastPoll = new JobPoll(false, false, null, $"PollJobActivity failed: {e.FailureDetails.ErrorMessage}");
            }
            if (!lastPoll.Terminal)
            {
                SetStatus(context, cursor, "running", lastPoll);
                using var wake = new CancellationTokenSource();
                var timer = context.CreateTimer(policy.PollInterval, wake.Token);
                var hint = context.WaitForExternalEvent<string>(JobEventName, wake.Token);
                await Task.WhenAny(timer, hint);
                wake.Cancel();
                continue;
            }

            // The attempt ended: account its GPU time on the orchestration clock.
            var seconds = isTrain && cursor.AttemptStartedUtc is { } started ? (context.CurrentUtcDateTime - started).TotalSeconds : 0;
            cursor = cursor with { Handle = null, AttemptStartedUtc = null, GpuSeconds = cursor.GpuSeconds + seconds };

            if (lastPoll.Succeeded)
                return await FinishAsync(context, input, cursor, JobOutcomeState.Succeeded, null, lastPoll);

            var error = $"exit {lastPoll.ExitCode?.ToString() ?? "?"}: {lastPoll.Error}";
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
                    cursor = cursor with { Failures = cursor.Failures + 1, LastError = error };
                    if (cursor.Failures >= policy.MaxAttempts)
                        return await FinishAsync(context, input, cursor, JobOutcomeState.GaveUp,
                            $"Gave up after {cursor.Failures} failed attempts; last: {error}", lastPoll);
                    SetStatus(context, cursor, "failed, retrying", lastPoll);
                    await context.CreateTimer(policy.RetryDelay(cursor.Failures), CancellationToken.None);
                    continue;
            }
        }
    }

    private static async Task<JobResult> FinishAsync(
        TaskOrchestrationContext context, JobInput input, JobCursor cursor, JobOutcomeState state, string? error, JobPoll? poll = null)
    {
        var gpuHours = cursor.GpuSeconds / 3600;
        var outcome = new JobOutcome(input.Spec.Name, input.Spec.Kind, input.Dataset, input.Phase, input.Seed, state,
            cursor.Launches, cursor.Preemptions, ErrorText.Short(error), gpuHours, input.Spec.OutputUri);
        try
        {
            await context.CallActivityAsync(nameof(RecordOutcomeActivity), new OutcomeRecord(input.OutcomeFolderUri, outcome),
                new TaskOptions(new TaskRetryOptions(new RetryPolicy(3, TimeSpan.FromSeconds(1)))));
        }
        catch (TaskFailedException)
        {
            // The outcome record is for the report; the result below still carries the state.
        }
        SetStatus(context, cursor with { LastError = ErrorText.Short(error) }, state.ToString(), poll);
        return new JobResult(input.Spec.Name, state, gpuHours);
    }

    private static void SetStatus(TaskOrchestrationContext context, JobCursor cursor, string state, JobPoll? poll) =>
        context.SetCustomStatus(new JobProgress(state, cursor.Launches, cursor.Failures, cursor.Preemptions, cursor.Handle,
            poll?.Epoch, poll?.EpochsPlanned, poll?.TestAccuracy, ErrorText.Short(cursor.LastError)));
}
