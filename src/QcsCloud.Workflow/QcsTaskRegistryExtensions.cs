using Microsoft.DurableTask;
using QcsCloud.Workflow.Activities;
using QcsCloud.Workflow.Orchestrators;

namespace QcsCloud.Workflow;

/// <summary>The one registration of every orchestrator and activity, used by both hosts and the tests.</summary>
public static class QcsTaskRegistryExtensions
{
    public static DurableTaskRegistry AddQcsTasks(this DurableTaskRegistry registry)
    {
        registry.AddOrchestrator<TrainingRunOrchestratorV2>();
        registry.AddOrchestrator<PhaseOrchestratorV2>();
        registry.AddOrchestrator<JobOrchestratorV2>();
        registry.AddActivity<SavePlanActivity>();
        registry.AddActivity<SnapshotDatasetActivity>();
        registry.AddActivity<ClaimStagingActivity>();
        registry.AddActivity<ReleaseStagingClaimActivity>();
        registry.AddActivity<ReadStagingActivity>();
        registry.AddActivity<StartJobActivity>();
        registry.AddActivity<PollJobActivity>();
        registry.AddActivity<StopJobActivity>();
        registry.AddActivity<RecordOutcomeActivity>();
        registry.AddActivity<SelectBestSeedActivity>();
        registry.AddActivity<PublishReportActivity>();
        return registry;
    }
}
