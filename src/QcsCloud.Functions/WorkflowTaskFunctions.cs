using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using QcsCloud.Workflow.Activities;
using QcsCloud.Workflow.Launchers;
using QcsCloud.Workflow.Models;
using QcsCloud.Workflow.Orchestrators;

namespace QcsCloud.Functions;

/// <summary>
/// Orchestration and activity triggers over the Workflow's class-based tasks, one per task registered by
/// <c>AddQcsTasks()</c>, named like the class (the names the orchestrators call). Written by hand because the
/// Durable source generator is not available; a test checks that none is missing.
/// </summary>
public static class WorkflowTaskFunctions
{
    // Orchestrators (replay-safe bodies live in QcsCloud.Workflow/Orchestrators).

    [Function(nameof(TrainingRunOrchestratorV2))]
    public static Task<RunResult> RunTrainingRun([OrchestrationTrigger] TaskOrchestrationContext context) =>
        TaskAdapters.RunOrchestratorAsync<TrainingRunOrchestratorV2, RunInput, RunResult>(context);

    [Function(nameof(PhaseOrchestratorV2))]
    public static Task<PhaseResult> RunPhase([OrchestrationTrigger] TaskOrchestrationContext context) =>
        TaskAdapters.RunOrchestratorAsync<PhaseOrchestratorV2, PhaseInput, PhaseResult>(context);

    [Function(nameof(JobOrchestratorV2))]
    public static Task<JobResult> RunJob([OrchestrationTrigger] TaskOrchestrationContext context) =>
        TaskAdapters.RunOrchestratorAsync<JobOrchestratorV2, JobInput, JobResult>(context);

    // Activities.

    [Function(nameof(SavePlanActivity))]
    public static Task<bool> SavePlan([ActivityTrigger] RunInput input, FunctionContext context) =>
        TaskAdapters.RunActivityAsync<SavePlanActivity, RunInput, bool>(input, context);

    [Function(nameof(SnapshotDatasetActivity))]
    public static Task<DatasetSnapshot> SnapshotDataset([ActivityTrigger] SnapshotRequest input, FunctionContext context) =>
        TaskAdapters.RunActivityAsync<SnapshotDatasetActivity, SnapshotRequest, DatasetSnapshot>(input, context);

    [Function(nameof(ClaimStagingActivity))]
    public static Task<StagingClaim> ClaimStaging([ActivityTrigger] StagingClaimRequest input, FunctionContext context) =>
        TaskAdapters.RunActivityAsync<ClaimStagingActivity, StagingClaimRequest, StagingClaim>(input, context);

    [Function(nameof(ReleaseStagingClaimActivity))]
    public static Task<bool> ReleaseStagingClaim([ActivityTrigger] StagingClaimRequest input, FunctionContext context) =>
        TaskAdapters.RunActivityAsync<ReleaseStagingClaimActivity, StagingClaimRequest, bool>(input, context);

    [Function(nameof(ReadStagingActivity))]
    public static Task<StagingState> ReadStaging([ActivityTrigger] StagingClaimRequest input, FunctionContext context) =>
        TaskAdapters.RunActivityAsync<ReadStagingActivity, StagingClaimRequest, StagingState>(input, context);

    [Function(nameof(StartJobActivity))]
    public static Task<LaunchResult> StartJob([ActivityTrigger] StartJobRequest input, FunctionContext context) =>
        TaskAdapters.RunActivityAsync<StartJobActivity, StartJobRequest, LaunchResult>(input, context);

    [Function(nameof(PollJobActivity))]
    public static Task<JobPoll> PollJob([ActivityTrigger] PollJobRequest input, FunctionContext context) =>
        TaskAdapters.RunActivityAsync<PollJobActivity, PollJobRequest, JobPoll>(input, context);

    [Function(nameof(StopJobActivity))]
    public static Task<bool> StopJob([ActivityTrigger] JobHandle input, FunctionContext context) =>
        TaskAdapters.RunActivityAsync<StopJobActivity, JobHandle, bool>(input, context);

    [Function(nameof(RecordOutcomeActivity))]
    public static Task<bool> RecordOutcome([ActivityTrigger] OutcomeRecord input, FunctionContext context) =>
        TaskAdapters.RunActivityAsync<RecordOutcomeActivity, OutcomeRecord, bool>(input, context);

    [Function(nameof(SelectBestSeedActivity))]
    public static Task<BestSeed?> SelectBestSeed([ActivityTrigger] BestSeedRequest input, FunctionContext context) =>
        TaskAdapters.RunActivityAsync<SelectBestSeedActivity, BestSeedRequest, BestSeed?>(input, context);

    [Function(nameof(PublishReportActivity))]
    public static Task<ReportPublished> PublishReport([ActivityTrigger] ReportRequest input, FunctionContext context) =>
        TaskAdapters.RunActivityAsync<PublishReportActivity, ReportRequest, ReportPublished>(input, context);
}
