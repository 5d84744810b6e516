using QcsCloud.Core;

namespace QcsCloud.Workflow.Models;

/// <summary>Input of <c>RecordOutcomeActivity</c>: which folder, and the (small) outcome to write there.</summary>
public sealed record OutcomeRecord(string FolderUri, JobOutcome Outcome);
