using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using QcsCloud.Core;
using QcsCloud.Workflow.Activities;
using QcsCloud.Workflow.Models;

namespace QcsCloud.Workflow.Orchestrators;

/// <summary>
/// One phase of a run: a <see cref="JobOrchestratorV2"/> per arm (mode x variant) x dataset x seed, all arms in one window
/// (so <c>MaxConcurrentJobs</c> and the budget count every arm's jobs), at most <c>MaxConcurrentJobs</c> in flight,
/// clamped to the launcher's slots (a sliding window: a job starts as soon as another ends). Cost guard: the phase starts
/// from the GPU-hours the run spent before it; once finished jobs plus the running jobs' time so far reach the budget,
/// every running job gets <see cref="JobOrchestratorV2.BudgetStopEventName"/> (stopped, recorded <c>BudgetStopped</c>)
/// and no further job is launched (those left are Skipped). A run cancel (<see cref="JobOrchestratorV2.CancelEventName"/>)
/// is forwarded to every running job and the jobs not started are recorded Skipped. A failed job never stops the others;
/// a job orchestration that broke still counts its time.
/// Replay rules: no DateTime.UtcNow, Guid.NewGuid, Random, I/O or environment reads (activities only); only durable tasks
/// are awaited; the loop ends when every planned job has a result; logs through <c>CreateReplaySafeLogger</c>.
/// Shipped: change in a V3, never in place.
/// </summary>
public sealed class PhaseOrchestratorV2 : TaskOrchestrator<PhaseInput, PhaseResult>
{
    public override async Task<PhaseResult> RunAsync(TaskOrchestrationContext context, PhaseInput input)
    {
        var run = input.Run;
        var seeds = run.Plan.Seeds ?? [];
        var window = Window(run);
        var budget = run.Plan.GpuHourBudget;
        var log = context.CreateReplaySafeLogger<PhaseOrchestratorV2>();
        var cancel = context.WaitForExternalEvent<string>(JobOrchestratorV2.CancelEventName);

        var arms = input.Arms ?? run.Plan.Arms.Select(a => new PhaseArm(a.Name, input.FineTuneFrom)).ToList();
        var queue = new Queue<(PlanArm Arm, PhaseArm Phase, PhaseDataset Dataset, int Seed)>(
            from arm in arms
            let planArm = run.Plan.Arm(arm.Name) ?? throw new InvalidOperationException($"arm '{arm.Name}' is not in the plan")
            from dataset in input.Datasets
            from seed in seeds
            select (planArm, arm, dataset, seed));
        var planned = queue.Count;
        var inFlight = new Dictionary<Task<JobResult>, (string InstanceId, DateTime ScheduledUtc)>();
        var skipped = new List<Task>();
        int succeeded = 0, failed = 0, stopped = 0, skippedCount = 0, reused = 0;
        double gpuHours = 0, gpuHoursSaved = 0;
        var budgetExhausted = budget is { } limit && input.GpuHoursBefore >= limit;
        var cancelForwarded = false;

        void Report() => context.SetCustomStatus(new PhaseProgress(
            planned, inFlight.Count, succeeded, failed, skippedCount, gpuHours, budgetExhausted, cancel.IsCompleted, stopped, reused, gpuHoursSaved));

        while (queue.Count > 0 || inFlight.Count > 0)
        {
            while (queue.Count > 0 && inFlight.Count < window)
            {
                var (arm, phaseArm, dataset, seed) = queue.Dequeue();
                var reason = dataset.SkipReason
                    ?? phaseArm.SkipReason
                    ?? (cancel.IsCompleted ? "the run was cancelled before launch" : null)
                    ?? (budgetExhausted ? $"GPU-hour budget of {budget:0.####} h spent before launch" : null);
                if (reason is not null)
                {
                    skipped.Add(RecordSkippedAsync(context, input, dataset.Dataset, seed, reason, arm.LayoutName));
                    skippedCount++;
                    continue;
                }
                var spec = JobSpecFactory.Train(run, dataset.Dataset, dataset.StagingUri!, input.Phase, seed, phaseArm.FineTuneFrom, arm);
                var jobInput = new JobInput(spec, run.Policy, dataset.Dataset, input.Phase, seed, spec.OutputUri,
                    RunFolderUri: run.Folder(BlobLayout.CheckpointsContainer, RunLayout.RunPrefix(run.RunId)),
                    Reuse: run.Reuse is null ? null : new JobReuse(arm.Variant?.Name, run.Reuse == RunPlan.ReuseSucceeded));
                var instanceId = InstanceIds.TrainJob(run.RunId, dataset.Dataset, input.Phase, seed, arm.LayoutName);
                inFlight[context.CallSubOrchestratorAsync<JobResult>(nameof(JobOrchestratorV2), jobInput,
                    new SubOrchestrationOptions { InstanceId = instanceId })] = (instanceId, context.CurrentUtcDateTime);
            }
            Report();
            if (inFlight.Count == 0) break;

            if (cancel.IsCompleted && !cancelForwarded)
            {
                // The API signals every job it finds; forwarding covers jobs scheduled after it looked.
                foreach (var (id, _) in inFlight.Values) context.SendEvent(id, JobOrchestratorV2.CancelEventName, "run cancelled");
                cancelForwarded = true;
            }

            // Wake on a job's end, on the cancel, and (with a budget) every poll interval to watch the running spend.
            using var wake = new CancellationTokenSource();
            var waits = new List<Task>(inFlight.Keys);
            if (!cancel.IsCompleted) waits.Add(cancel);
            if (budget is not null && !budgetExhausted && !cancel.IsCompleted)
                waits.Add(context.CreateTimer(run.Policy.PollInterval, wake.Token));
            var first = await Task.WhenAny(waits);
            wake.Cancel();

            if (first is Task<JobResult> done && inFlight.Remove(done, out var job))
            {
                JobResult result;
                try
                {
                    result = await done;
                }
                catch (TaskFailedException e)
                {
                    // A job orchestration that broke is one failed job, never a failed phase; its time still counts.
                    result = new JobResult(e.FailureDetails.ErrorMessage, JobOutcomeState.GaveUp, (context.CurrentUtcDateTime - job.ScheduledUtc).TotalHours);
                }
                gpuHours += result.GpuHours;
                switch (result.State)
                {
                    case JobOutcomeState.Succeeded: succeeded++; break;
                    // Stopped by a cancel or the budget: not a failure of the job.
                    case JobOutcomeState.Cancelled or JobOutcomeState.BudgetStopped: stopped++; break;
                    default: failed++; break;
                }
                if (result.Reused) reused++;
                gpuHoursSaved += result.GpuHoursSaved;
            }

            if (budget is { } b && !budgetExhausted)
            {
                var now = context.CurrentUtcDateTime;
                var running = inFlight.Values.Sum(j => (now - j.ScheduledUtc).TotalHours);
                if (input.GpuHoursBefore + gpuHours + running >= b)
                {
                    budgetExhausted = true;
                    log.LogInformation("Run {RunId}: GPU-hour budget {Budget} h spent; stopping {Running} running jobs",
                        run.RunId, b, inFlight.Count);
                    foreach (var (id, _) in inFlight.Values)
                        context.SendEvent(id, JobOrchestratorV2.BudgetStopEventName, $"GPU-hour budget of {b:0.####} h spent");
                }
            }
        }

        try
        {
            await Task.WhenAll(skipped);
        }
        catch (TaskFailedException)
        {
            // Skipped records are for the report only.
        }
        Report();
        return new PhaseResult(succeeded, failed, skippedCount, gpuHours, budgetExhausted, reused, stopped, gpuHoursSaved);
    }

    /// <summary>Jobs in flight: the plan's <c>maxConcurrentJobs</c>, never more than the launcher's slots.</summary>
    public static int Window(RunInput run) =>
        Math.Max(1, Math.Min(run.Plan.MaxConcurrentJobs ?? 1, run.Policy.LauncherSlots ?? int.MaxValue));

    private static Task RecordSkippedAsync(TaskOrchestrationContext context, PhaseInput input, string dataset, int seed, string reason, string? arm)
    {
        var output = JobSpecFactory.OutputUri(input.Run, dataset, input.Phase, seed, arm);
        var outcome = new JobOutcome(RunLayout.TrainJobName(input.Run.RunId, dataset, input.Phase, seed, arm), JobKind.Train,
            dataset, input.Phase, seed, JobOutcomeState.Skipped, 0, 0, reason, 0, output);
        return context.CallActivityAsync(nameof(RecordOutcomeActivity), new OutcomeRecord(output, outcome));
    }
}
