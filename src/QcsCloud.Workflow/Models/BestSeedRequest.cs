namespace QcsCloud.Workflow.Models;

/// <summary>Input of <c>SelectBestSeedActivity</c>: which run, dataset and seeds to compare.</summary>
public sealed record BestSeedRequest(string RunId, string Dataset, IReadOnlyList<int> Seeds);
