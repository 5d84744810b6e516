using QcsCloud.Core;

namespace QcsCloud.Workflow.Models;

/// <summary>Input of the staging claim activities: which run asks, and the content-addressed staging folder.</summary>
/// <param name="Generation">For a release: the generation the run owns.</param>
public sealed record StagingClaimRequest(string RunId, string Dataset, string StagingUri, int Generation = 0);

/// <summary>Who stages a dataset's content: this run (<see cref="Owner"/>) or the run named in <see cref="ClaimedBy"/>.</summary>
/// <param name="Generation">Counts claims of this content after failed stagings; part of the staging orchestration's id.</param>
public sealed record StagingClaim(bool Owner, int Generation, string ClaimedBy);

/// <summary>Content of <c>staging/&lt;name&gt;/&lt;hash&gt;/claim.json</c>.</summary>
/// <param name="Failed">The owner's staging failed: the next run to ask takes the claim over.</param>
public sealed record StagingClaimRecord(string RunId, int Generation, DateTimeOffset ClaimedUtc, bool Failed = false);

/// <summary>What a run waiting on another run's staging sees: not done yet, or done (succeeded or not) with the staging job's outcome.</summary>
public sealed record StagingState(bool Done, bool Succeeded, JobOutcome? Outcome);
