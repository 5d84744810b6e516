namespace QcsCloud.Workflow.Models;

/// <summary>A dataset of a phase and its staged (packed) folder; <see cref="SkipReason"/> set when it cannot be trained.</summary>
public sealed record PhaseDataset(string Dataset, string? StagingUri, string? SkipReason = null);
