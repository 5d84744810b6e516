namespace QcsCloud.Workflow.Api;

/// <summary>Body of every 4xx/5xx answer: one sentence, and for invalid plans every problem.</summary>
public sealed record ApiError(string Error, IReadOnlyList<string>? Problems = null);
