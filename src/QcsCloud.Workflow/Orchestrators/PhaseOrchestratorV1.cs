using Microsoft.DurableTask;
using QcsCloud.Core;
using QcsCloud.Workflow.Activities;
using QcsCloud.Workflow.Models;

namespace QcsCloud.Workflow.Orchestrators;

/// <summary>
/// One phase of a run: a <see cref="JobOrchestratorV1"/> per dataset x seed, at most <c>MaxConcurrentJobs</c> in flight
/// (a sliding window: a job starts as soon as another ends). Cost guard: once the run's finished jobs have used the
/// GPU-hour budget, no further job is launched; those left are recorded as Skipped. A failed job never stops the others.
/// Replay rules: no DateTime.UtcNow, Guid.NewGuid, I/O or environment reads (activities only); only durable tasks
/// are awaited; the loop ends when every planned job has a result. Shipped: change in a V2.
/// </summary>
public sealed class PhaseOrchestratorV1 : TaskOrchestrator<PhaseInput, PhaseResult>
{
    public override async Task<PhaseResult> RunAsync(TaskOrchestrationContext context, PhaseInput input)
    {
        var run = input.Run;
        var seeds = run.Plan.Seeds ?? [];
        var window = Math.Max(1, run.Plan.MaxConcurrentJobs ?? 1);
        var budget = run.Plan.GpuHourBudget;

        var queue = new Queue<(PhaseDataset Dataset, int Seed)>(
            from dataset in input.Datasets from seed in seeds select (dataset, seed));
        var planned = queue.Count;
        var inFlight = new List<Task<JobResult>>();
        var skipped = new List<Task>();
        int succeeded = 0, failed = 0, skippedCount = 0;
        var gpuHours = 0.0;
        var budgetExhausted = false;

        void Report() => context.SetCustomStatus(new PhaseProgress(
            planned, inFlight.Count, succeeded, failed, skippedCount, gpuHours, budgetExhausted));

        while (queue.Count > 0 || inFlight.Count > 0)
        {
            while (queue.Count > 0 && inFlight.Count < window)
            {
                var (dataset, seed) = queue.Dequeue();
                var reason = dataset.SkipReason
                    ?? (budgetExhausted ? $"GPU-hour budget of {budget:0.###} h spent before launch" : null);
                if (reason is not null)
                {
                    skipped.Add(RecordSkippedAsync(context, input, dataset.Dataset, seed, reason));
                    skippedCount++;
                    continue;
                }
                var spec = JobSpecFactory.Train(run, dataset.Dataset, dataset.StagingUri!, input.Phase, seed, input.FineTuneFrom);
                var jobInput = new JobInput(spec, run.Policy, dataset.Dataset, input.Phase, seed, spec.OutputUri);
                inFlight.Add(context.CallSubOrchestratorAsync<JobResult>(
                    nameof(JobOrchestratorV1), jobInput,
                    new SubOrchestrationOptions { InstanceId = InstanceIds.TrainJob(run.RunId, dataset.Dataset, input.Phase, seed) }));
            }
            Report();
            if (inFlight.Count == 0) break;

            var done = await Task.WhenAny(inFlight);
            inFlight.Remove(done);
            JobResult result;
            try
            {
                result = await done;
            }
            catch (TaskFailedException e)
            {
                // A job orchestration that broke is one failed job, never a failed phase.
                result = new JobResult(e.FailureDetails.ErrorMessage, JobOutcomeState.GaveUp, 0);
            }
            gpuHours += result.GpuHours;
            if (result.State == JobOutcomeState.Succeeded) succeeded++;
            else failed++;
            if (budget is { } b && input.GpuHoursBefore + gpuHours >= b) budgetExhausted = true;
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
        return new PhaseResult(succeeded, failed, skippedCount, gpuHours, budgetExhausted);
    }

    private static Task RecordSkippedAsync(TaskOrchestrationContext context, PhaseInput input, string dataset, int seed, string reason)
    {
        var output = JobSpecFactory.OutputUri(input.Run, dataset, input.Phase, seed);
        var outcome = new JobOutcome(RunLayout.TrainJobName(input.Run.RunId, dataset, input.Phase, seed), JobKind.Train,
            dataset, input.Phase, seed, JobOutcomeState.Skipped, 0, 0, reason, 0, output);
        return context.CallActivityAsync(nameof(RecordOutcomeActivity), new OutcomeRecord(output, outcome));
    }
}
