using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using QcsCloud.Core;
using QcsCloud.Workflow.Activities;
using QcsCloud.Workflow.Models;

namespace QcsCloud.Workflow.Orchestrators;

/// <summary>
/// A whole run: stage -> phase 1 (pretrain, every arm x dataset x seed) -> collect (per arm, the best seed of the pretrain
/// dataset) -> phase 2 (fine-tune every arm x target x seed from its own arm's best model) -> report. An arm is a mode x
/// variant of a grid plan (<see cref="RunPlan.Arms"/>); a plan of one mode without variants has one arm, whose names,
/// folders and durable schedule are those of runs before grids (so histories started before grids replay unchanged). Staging hashes <c>datasets/&lt;name&gt;/</c> (blob names,
/// sizes, MD5s); content not yet in <c>staging/&lt;name&gt;/&lt;hash&gt;/</c> gets one <c>qcs pack</c> job across all runs: the run
/// that claims the content (<see cref="ClaimStagingActivity"/>) runs the staging orchestration keyed by dataset and hash,
/// others wait for its outcome.
/// Staging jobs run inside the same window as training jobs (the plan's <c>maxConcurrentJobs</c> clamped to the
/// launcher's slots). A failed job or dataset never sinks the run: it ends Completed with the failures in the report,
/// and fails only when no training job produced a model.
/// Cancel: the <see cref="JobOrchestratorV2.CancelEventName"/> event (raised by <c>POST /api/runs/{id}/cancel</c>, which
/// also writes the run's cancel marker and signals every job) is forwarded to the running stage jobs and phase; no
/// further phase starts, the report is still published (what finished, what was stopped), and the run ends Completed
/// with status <c>Cancelled</c>.
/// Replay rules: no DateTime.UtcNow, Guid.NewGuid, Random, I/O or environment reads here (activities do all I/O; the
/// plan and policy come in the input); only durable tasks are awaited; every loop is over the plan's bounded lists;
/// children have deterministic instance ids (<see cref="InstanceIds"/>); logs through <c>CreateReplaySafeLogger</c>.
/// Shipped: change in a V3, never in place.
/// </summary>
public sealed class TrainingRunOrchestratorV2 : TaskOrchestrator<RunInput, RunResult>
{
    /// <summary>Storage activities retry a few times before their failure is recorded.</summary>
    private static readonly TaskOptions Retry = new(new TaskRetryOptions(new RetryPolicy(3, TimeSpan.FromSeconds(1), 2)));

    public override async Task<RunResult> RunAsync(TaskOrchestrationContext context, RunInput input)
    {
        var plan = input.Plan;
        var seeds = plan.Seeds ?? [];
        var pretrainSets = plan.Datasets ?? [];
        var targets = plan.FineTuneTargets ?? [];
        var planned = plan.JobCount;
        var arms = plan.Arms;
        int succeeded = 0, failed = 0, stopped = 0, skipped = 0, reused = 0;
        double gpuHours = 0, gpuHoursSaved = 0;
        var budgetExhausted = false;
        var log = context.CreateReplaySafeLogger<TrainingRunOrchestratorV2>();
        var cancel = context.WaitForExternalEvent<string>(JobOrchestratorV2.CancelEventName);
        var runFolder = input.Folder(BlobLayout.CheckpointsContainer, RunLayout.RunPrefix(input.RunId));
        void Status(RunPhase phase) =>
            context.SetCustomStatus(new RunProgress(phase, planned, succeeded, failed, skipped, gpuHours, budgetExhausted, cancel.IsCompleted, reused, stopped, gpuHoursSaved));

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
        var stageResults = await StageAsync(snapshots.Where(s => s.Error is null && !s.AlreadyStaged).ToList());
        var staged = snapshots.ToDictionary(s => s.Dataset, s =>
        {
            if (s.Error is not null) return new PhaseDataset(s.Dataset, null, $"dataset not staged: {s.Error}");
            return !stageResults.TryGetValue(s.Dataset, out var r) || r.State == JobOutcomeState.Succeeded
                ? new PhaseDataset(s.Dataset, s.StagingUri)
                : new PhaseDataset(s.Dataset, null, $"staging of {s.Dataset} ended {r.State}; see checkpoints/{input.RunId}/staging/{s.Dataset}/outcome.json");
        });

        // Phase 1 (after a cancel every job is recorded as not launched, so the report lists each).
        Status(RunPhase.Pretrain);
        Add(await PhaseAsync(TrainPhase.Pretrain, pretrainSets.Select(d => staged[d]).ToList(), null, 0));

        // Collect, then phase 2: each arm fine-tunes from its own best pretrain seed (an arm without one skips its jobs).
        BestSeed? best = null;
        string? fineTuneSkip = null;
        var bestByArm = new List<BestSeed>();
        if (targets.Count > 0 && plan.PretrainDataset is { } pretrain && !cancel.IsCompleted)
        {
            Status(RunPhase.Collect);
            var phaseArms = new List<PhaseArm>();
            var skips = new List<string>();
            foreach (var arm in arms)
            {
                BestSeed? armBest = null;
                string? armSkip;
                var of = arm.LayoutName is null ? "" : $" of {arm.Name}";
                try
                {
                    armBest = await context.CallActivityAsync<BestSeed?>(nameof(SelectBestSeedActivity),
                        new BestSeedRequest(input.RunId, pretrain, seeds, arm.LayoutName), Retry);
                    armSkip = armBest is null ? $"no {pretrain} seed{of} produced a model to fine-tune from" : null;
                }
                catch (TaskFailedException e)
                {
                    armSkip = $"reading the {pretrain} seeds'{of} metrics failed: {e.FailureDetails.ErrorMessage}";
                }
                if (armBest is not null) bestByArm.Add(armBest with { Arm = arm.LayoutName is null ? null : arm.Name });
                if (armSkip is not null) skips.Add(armSkip);
                phaseArms.Add(new PhaseArm(arm.Name, armBest?.CheckpointUri, armSkip));
            }
            if (!plan.IsGrid) best = bestByArm.SingleOrDefault();
            fineTuneSkip = skips.Count == 0 ? null : string.Join("; ", skips);

            Status(RunPhase.FineTune);
            Add(await PhaseAsync(TrainPhase.FineTune, targets.Select(t => staged[t]).ToList(), best?.CheckpointUri, gpuHours, phaseArms));
        }
        else if (targets.Count > 0 && cancel.IsCompleted)
        {
            Status(RunPhase.FineTune);
            Add(await PhaseAsync(TrainPhase.FineTune, targets.Select(t => staged[t]).ToList(), null, gpuHours));
        }
        var bestPretrain = best is not null ? $"{best.Dataset} seed {best.Seed}"
            : bestByArm.Count > 0 ? string.Join("; ", bestByArm.Select(b => $"{b.Arm}: {b.Dataset} seed {b.Seed}")) : null;

        // Report: failures, the budget and the chosen seed are in it; only when nothing is usable does the run fail.
        Status(RunPhase.Report);
        var cancelled = cancel.IsCompleted;
        var report = await context.CallActivityAsync<ReportPublished>(nameof(PublishReportActivity),
            new ReportRequest(input, budgetExhausted, gpuHours, best, fineTuneSkip, cancelled, plan.IsGrid ? bestByArm : null), Retry);
        Status(RunPhase.Done);
        if (cancelled)
        {
            log.LogInformation("Run {RunId} cancelled: {Succeeded} jobs succeeded before the cancel", input.RunId, succeeded);
            return new RunResult(input.RunId, "Cancelled", succeeded, failed, skipped, gpuHours, budgetExhausted,
                bestPretrain, report.ReportUri, reused, stopped, gpuHoursSaved);
        }
        if (report.UsableModels == 0)
            throw new InvalidOperationException(
                $"Run {input.RunId} produced no usable model ({failed} failed, {skipped} skipped); see {report.ReportUri}");
        return new RunResult(input.RunId, "Completed", succeeded, failed, skipped, gpuHours, budgetExhausted,
            bestPretrain, report.ReportUri, reused, stopped, gpuHoursSaved);

        // Staging, at most the run's window of datasets at once. A cancel ends the waiting; a shared staging runs on.
        async Task<Dictionary<string, JobResult>> StageAsync(List<DatasetSnapshot> toStage)
        {
            var results = new Dictionary<string, JobResult>();
            var window = PhaseOrchestratorV2.Window(input);
            var queue = new Queue<DatasetSnapshot>(toStage);
            var inFlight = new Dictionary<Task<JobResult>, string>();
            while ((queue.Count > 0 || inFlight.Count > 0) && !cancel.IsCompleted)
            {
                while (queue.Count > 0 && inFlight.Count < window)
                {
                    var s = queue.Dequeue();
                    inFlight[StageOneAsync(s)] = s.Dataset;
                }
                var first = await Task.WhenAny(new List<Task>(inFlight.Keys) { cancel });
                if (first is Task<JobResult> done && inFlight.Remove(done, out var dataset)) results[dataset] = await done;
            }
            foreach (var dataset in inFlight.Values.Concat(queue.Select(q => q.Dataset)))
                results[dataset] = new JobResult(dataset, JobOutcomeState.Cancelled, 0);
            return results;
        }

        // One staging job per dataset content across runs: the run that claims the content runs the shared staging
        // orchestration (stage:<dataset>:<hash>:<generation>); another run waits for its outcome. Either way the run
        // records the outcome in its own folder for its report.
        async Task<JobResult> StageOneAsync(DatasetSnapshot s)
        {
            var request = new StagingClaimRequest(input.RunId, s.Dataset, s.StagingUri!);
            JobResult result;
            string? note = null;
            try
            {
                var claim = await context.CallActivityAsync<StagingClaim>(nameof(ClaimStagingActivity), request, Retry);
                request = request with { Generation = claim.Generation };
                if (claim.Owner)
                {
                    try
                    {
                        result = await context.CallSubOrchestratorAsync<JobResult>(nameof(JobOrchestratorV2),
                            new JobInput(JobSpecFactory.Stage(input.RunId, s), input.Policy, s.Dataset, null, null, s.StagingUri!),
                            new SubOrchestrationOptions { InstanceId = InstanceIds.SharedStage(s.Dataset, s.ContentHash!, claim.Generation) });
                    }
                    catch (TaskFailedException e)
                    {
                        result = new JobResult(e.FailureDetails.ErrorMessage, JobOutcomeState.GaveUp, 0);
                    }
                    if (result.State != JobOutcomeState.Succeeded)
                        await context.CallActivityAsync<bool>(nameof(ReleaseStagingClaimActivity), request, Retry);
                }
                else
                {
                    note = $"staged by run {claim.ClaimedBy} (same content)";
                    log.LogInformation("Run {RunId}: {Dataset} content is staged by run {Owner}; waiting for it", input.RunId, s.Dataset, claim.ClaimedBy);
                    result = await WaitForStagingAsync(request, claim.ClaimedBy);
                }
                var shared = await context.CallActivityAsync<StagingState>(nameof(ReadStagingActivity), request, Retry);
                var outcome = shared.Outcome ?? new JobOutcome(RunLayout.StageJobName(input.RunId, s.Dataset), JobKind.Stage, s.Dataset, null, null,
                    result.State, 0, 0, result.State == JobOutcomeState.Succeeded ? null : result.JobName, 0, s.StagingUri!);
                if (note is not null) outcome = outcome with { Error = ErrorText.Short(outcome.Error is null ? note : $"{note}: {outcome.Error}") };
                await context.CallActivityAsync<bool>(nameof(RecordOutcomeActivity),
                    new OutcomeRecord(input.Folder(BlobLayout.CheckpointsContainer, RunLayout.StagingOutcomePrefix(input.RunId, s.Dataset)), outcome), Retry);
            }
            catch (TaskFailedException e)
            {
                result = new JobResult($"staging {s.Dataset}: {e.FailureDetails.ErrorMessage}", JobOutcomeState.GaveUp, 0);
            }
            return result;
        }

        // Polls the shared staging folder (bounded: 4 generations' worth of polls), ending early on a cancel.
        async Task<JobResult> WaitForStagingAsync(StagingClaimRequest request, string owner)
        {
            var limit = 4 * input.Policy.MaxPollsPerGeneration;
            for (var poll = 0; poll < limit; poll++)
            {
                var state = await context.CallActivityAsync<StagingState>(nameof(ReadStagingActivity), request, Retry);
                if (state.Done)
                    return new JobResult(owner, state.Succeeded ? JobOutcomeState.Succeeded : state.Outcome?.State ?? JobOutcomeState.GaveUp, 0);
                using var wake = new CancellationTokenSource();
                await Task.WhenAny(context.CreateTimer(input.Policy.PollInterval, wake.Token), cancel);
                wake.Cancel();
                if (cancel.IsCompleted) return new JobResult(owner, JobOutcomeState.Cancelled, 0);
            }
            return new JobResult($"the staging by run {owner} did not finish within {limit} polls", JobOutcomeState.GaveUp, 0);
        }

        // A phase as a child orchestration; a cancel that arrives while it runs is forwarded to it.
        async Task<PhaseResult> PhaseAsync(TrainPhase phase, IReadOnlyList<PhaseDataset> datasets, string? fineTuneFrom, double hoursBefore,
            IReadOnlyList<PhaseArm>? phaseArms = null)
        {
            if (cancel.IsCompleted)
                datasets = datasets.Select(d => d with { SkipReason = d.SkipReason ?? "the run was cancelled before launch" }).ToList();
            var id = InstanceIds.Phase(input.RunId, phase);
            var child = context.CallSubOrchestratorAsync<PhaseResult>(nameof(PhaseOrchestratorV2),
                new PhaseInput(input, phase, datasets, fineTuneFrom, hoursBefore, phaseArms), new SubOrchestrationOptions { InstanceId = id });
            if (!cancel.IsCompleted && await Task.WhenAny(child, cancel) == cancel)
                context.SendEvent(id, JobOrchestratorV2.CancelEventName, "run cancelled");
            return await child;
        }

        void Add(PhaseResult r)
        {
            succeeded += r.Succeeded;
            failed += r.Failed;
            stopped += r.Stopped;
            skipped += r.Skipped;
            reused += r.Reused;
            gpuHoursSaved += r.GpuHoursSaved;
            gpuHours += r.GpuHours;
            budgetExhausted |= r.BudgetExhausted;
        }
    }
}
