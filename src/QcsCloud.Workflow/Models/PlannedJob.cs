using QcsCloud.Core;

namespace QcsCloud.Workflow.Models;

/// <summary>One job a run makes, with its deterministic name and orchestration instance id.</summary>
public sealed record PlannedJob(string InstanceId, string Name, JobKind Kind, string Dataset, TrainPhase? Phase, int? Seed)
{
    /// <summary>Every job of a run in launch order: staging per dataset, pretrain dataset x seed, fine-tune target x seed.</summary>
    public static IReadOnlyList<PlannedJob> All(string runId, RunPlan plan)
    {
        var jobs = new List<PlannedJob>();
        var datasets = plan.Datasets ?? [];
        var targets = plan.FineTuneTargets ?? [];
        foreach (var dataset in datasets.Concat(targets).Distinct())
            jobs.Add(new(InstanceIds.StageJob(runId, dataset), RunLayout.StageJobName(runId, dataset), JobKind.Stage, dataset, null, null));
        jobs.AddRange(Training(runId, datasets, plan.Seeds ?? [], TrainPhase.Pretrain));
        jobs.AddRange(Training(runId, targets, plan.Seeds ?? [], TrainPhase.FineTune));
        return jobs;
    }

    public static IEnumerable<PlannedJob> Training(string runId, IEnumerable<string> datasets, IReadOnlyList<int> seeds, TrainPhase phase) =>
        from dataset in datasets
        from seed in seeds
        select new PlannedJob(
            InstanceIds.TrainJob(runId, dataset, phase, seed), RunLayout.TrainJobName(runId, dataset, phase, seed),
            JobKind.Train, dataset, phase, seed);
}
