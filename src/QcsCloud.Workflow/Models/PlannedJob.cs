using QcsCloud.Core;

namespace QcsCloud.Workflow.Models;

/// <summary>One job a run makes, with its deterministic name and orchestration instance id.</summary>
/// <param name="Arm">The job's arm in a grid plan (<see cref="PlanArm.LayoutName"/>); null for staging and for a plan of one mode without variants.</param>
public sealed record PlannedJob(string InstanceId, string Name, JobKind Kind, string Dataset, TrainPhase? Phase, int? Seed, string? Arm = null)
{
    /// <summary>
    /// Every job of a run in launch order: staging per dataset, then per arm (mode x variant) pretrain dataset x seed,
    /// then per arm fine-tune target x seed.
    /// </summary>
    public static IReadOnlyList<PlannedJob> All(string runId, RunPlan plan)
    {
        var jobs = new List<PlannedJob>();
        var datasets = plan.Datasets ?? [];
        var targets = plan.FineTuneTargets ?? [];
        foreach (var dataset in datasets.Concat(targets).Distinct())
            jobs.Add(new(InstanceIds.StageJob(runId, dataset), RunLayout.StageJobName(runId, dataset), JobKind.Stage, dataset, null, null));
        foreach (var arm in plan.Arms) jobs.AddRange(Training(runId, datasets, plan.Seeds ?? [], TrainPhase.Pretrain, arm.LayoutName));
        foreach (var arm in plan.Arms) jobs.AddRange(Training(runId, targets, plan.Seeds ?? [], TrainPhase.FineTune, arm.LayoutName));
        return jobs;
    }

    public static IEnumerable<PlannedJob> Training(string runId, IEnumerable<string> datasets, IReadOnlyList<int> seeds, TrainPhase phase, string? arm = null) =>
        from dataset in datasets
        from seed in seeds
        select new PlannedJob(
            InstanceIds.TrainJob(runId, dataset, phase, seed, arm), RunLayout.TrainJobName(runId, dataset, phase, seed, arm),
            JobKind.Train, dataset, phase, seed, arm);
}
