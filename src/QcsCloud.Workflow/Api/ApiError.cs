namespace QcsCloud.Workflow.Api;

/// <summary>
/// Body of every 4xx/5xx answer: one short sentence, for invalid plans every problem, and the correlation id under
/// which the log holds the details (also in the <c>X-Correlation-Id</c> header).
/// </summary>
public sealed record ApiError(string Error, IReadOnlyList<string>? Problems = null, string? CorrelationId = null);
