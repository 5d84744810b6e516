namespace QcsCloud.Workflow.Api;

/// <summary>
/// A request to the runs API as both hosts hand it over, framework-neutral: which route, its route values and,
/// for <c>POST /api/runs</c>, the body stream (read by <see cref="RunsRoutes"/> under <see cref="RunsRoutes.MaxBodyBytes"/>).
/// </summary>
public sealed record RunsRequest(RunsRoute Route, string? Id = null, string? Path = null, Stream? Body = null);
