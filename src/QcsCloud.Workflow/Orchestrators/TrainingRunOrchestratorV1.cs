using Microsoft.DurableTask;
using QcsCloud.Core;
using QcsCloud.Workflow.Activities;
using QcsCloud.Workflow.Models;

namespace QcsCloud.Workflow.Orchestrators;

/// <summary>
/// A whole run: stage -> phase 1 (pretrain, every dataset x seed) -> collect (best seed of the pretrain dataset)
/// -> phase 2 (fine-tune every target x seed from it) -> report. Staging hashes <c>datasets/&lt;name&gt;/</c> (blob names,
/// sizes, MD5s) and runs one <c>qcs pack</c> job per dataset not yet in <c>staging/&lt;name&gt;/&lt;hash&gt;/</c>.
/// A failed job or dataset never sinks the run: it ends Completed with the failures in the report, and fails only
/// when no training job produced a model.
/// Replay rules: no DateTime.UtcNow, Guid.NewGuid, I/O or environment reads here (activities do all I/O; the plan and
/// policy come in the input); only durable tasks are awaited; every loop is over the plan's bounded lists; children
/// have deterministic instance ids (<see cref="InstanceIds"/>). Shipped: change in a V2, never in place.
/// </summary>
public sealed class TrainingRunOrchestratorV1 : TaskOrchestrator<RunInput, RunResult>
{
    /// <summary>Storage activities retry a few times before their failure is recorded.</summary>
    private static readonly TaskOptions Retry = new(new TaskRetryOptions(new RetryPolicy(3, TimeSpan.FromSeconds(1), 2)));

    public override async Task<RunResult> RunAsync(TaskOrchestrationContext context, RunInput input)
    {
        var plan = input.Plan;
        var seeds = plan.Seeds ?? [];
        var pretrainSets = plan.Datasets ?? [];
        var targets = plan.FineTuneTargets ?? [];
        var planned = (pretrainSets.Count + targets.Count) * seeds.Count;
        int succeeded = 0, failed = 0, skipped = 0;
        double gpuHours = 0;
        var budgetExhausted = false;
        void Status(RunPhase phase) =>
            context.SetCustomStatus(new RunProgress(phase, planned, succeeded, failed, skipped, gpuHours, budgetExhausted));

        // Stage: hash every dataset, pack the ones whose content is not staged yet.
        Status(RunPhase.Staging);
        await context.CallActivityAsync(nameof(SavePlanActivity), input, Retry);
        var all = pretrainSets.Concat(targets).Distinct().ToList();
        var snapshots = await Task.WhenAll(all.Select(async d =>
        {
            try
            {
                return await context.CallActivityAsync<DatasetSnapshot>(nameof(SnapshotDatasetActivity), new SnapshotRequest(d), Retry);
            }
            catch (TaskFailedException e)
            {
                return new DatasetSnapshot(d, null, 0, 0, null, null, false, $"listing datasets/{d}/ failed: {e.FailureDetails.ErrorMessage}");
            }
        }));
        var stageJobs = snapshots
            .Where(s => s.Error is null && !s.AlreadyStaged)
            .Select(s => (s.Dataset, Job: context.CallSubOrchestratorAsync<JobResult>(
                nameof(JobOrchestratorV1),
                new JobInput(JobSpecFactory.Stage(input.RunId, s), input.Policy, s.Dataset, null, null,
                    input.Folder(BlobLayout.CheckpointsContainer, RunLayout.StagingOutcomePrefix(input.RunId, s.Dataset))),
                new SubOrchestrationOptions { InstanceId = InstanceIds.StageJob(input.RunId, s.Dataset) })))
            .ToList();
        var stageResults = new Dictionary<string, JobResult>();
        foreach (var (dataset, job) in stageJobs)
        {
            try { stageResults[dataset] = await job; }
            catch (TaskFailedException e) { stageResults[dataset] = new JobResult(e.FailureDetails.ErrorMessage, JobOutcomeState.GaveUp, 0); }
        }
        var staged = snapshots.ToDictionary(s => s.Dataset, s =>
        {
            if (s.Error is not null) return new PhaseDataset(s.Dataset, null, $"dataset not staged: {s.Error}");
            return !stageResults.TryGetValue(s.Dataset, out var r) || r.State == JobOutcomeState.Succeeded
                ? new PhaseDataset(s.Dataset, s.StagingUri)
                : new PhaseDataset(s.Dataset, null, $"staging of {s.Dataset} ended {r.State}; see checkpoints/{input.RunId}/staging/{s.Dataset}/outcome.json");
        });

        // Phase 1.
        Status(RunPhase.Pretrain);
        var phase1 = await context.CallSubOrchestratorAsync<PhaseResult>(
            nameof(PhaseOrchestratorV1),
            new PhaseInput(input, TrainPhase.Pretrain, pretrainSets.Select(d => staged[d]).ToList(), null, 0),
            new SubOrchestrationOptions { InstanceId = InstanceIds.Phase(input.RunId, TrainPhase.Pretrain) });
        Add(phase1);

        // Collect, then phase 2 from the best pretrain seed.
        BestSeed? best = null;
        string? fineTuneSkip = null;
        if (targets.Count > 0 && plan.PretrainDataset is { } pretrain)
        {
            Status(RunPhase.Collect);
            try
            {
                best = await context.CallActivityAsync<BestSeed?>(nameof(SelectBestSeedActivity),
                    new BestSeedRequest(input.RunId, pretrain, seeds), Retry);
                fineTuneSkip = best is null ? $"no {pretrain} seed produced a model to fine-tune from" : null;
            }
            catch (TaskFailedException e)
            {
                fineTuneSkip = $"reading the {pretrain} seeds' metrics failed: {e.FailureDetails.ErrorMessage}";
            }

            Status(RunPhase.FineTune);
            var datasets = targets.Select(t => fineTuneSkip is null ? staged[t] : staged[t] with { SkipReason = fineTuneSkip }).ToList();
            var phase2 = await context.CallSubOrchestratorAsync<PhaseResult>(
                nameof(PhaseOrchestratorV1),
                new PhaseInput(input, TrainPhase.FineTune, datasets, best?.CheckpointUri, gpuHours),
                new SubOrchestrationOptions { InstanceId = InstanceIds.Phase(input.RunId, TrainPhase.FineTune) });
            Add(phase2);
        }

        // Report: failures, the budget and the chosen seed are in it; only when nothing is usable does the run fail.
        Status(RunPhase.Report);
        var report = await context.CallActivityAsync<ReportPublished>(nameof(PublishReportActivity),
            new ReportRequest(input, budgetExhausted, gpuHours, best, fineTuneSkip), Retry);
        Status(RunPhase.Done);
        if (report.UsableModels == 0)
            throw new InvalidOperationException(
                $"Run {input.RunId} produced no usable model ({failed} failed, {skipped} skipped); see {report.ReportUri}");
        return new RunResult(input.RunId, "Completed", succeeded, failed, skipped, gpuHours, budgetExhausted,
            best is null ? null : $"{best.Dataset} seed {best.Seed}", report.ReportUri);

        void Add(PhaseResult r)
        {
            succeeded += r.Succeeded;
            failed += r.Failed;
            skipped += r.Skipped;
            gpuHours += r.GpuHours;
            budgetExhausted |= r.BudgetExhausted;
        }
    }
}
