namespace QcsCloud.Workflow.Models;

/// <summary>Input of <c>SelectBestSeedActivity</c>: which run, dataset and seeds to compare (of one arm in a grid plan).</summary>
/// <param name="Arm">The arm's <see cref="Core.PlanArm.LayoutName"/>; null for a plan of one mode without variants.</param>
public sealed record BestSeedRequest(string RunId, string Dataset, IReadOnlyList<int> Seeds, string? Arm = null);
