namespace QcsCloud.Workflow.Api;

/// <summary>
/// A request to the runs API as both hosts hand it over, framework-neutral: which route, its route values, for
/// <c>POST /api/runs</c> the body stream (read by <see cref="RunsRoutes"/> under <see cref="RunsRoutes.MaxBodyBytes"/>),
/// and the two headers that matter: <see cref="CallerPrincipal.Header"/> and <see cref="RunsRoutes.CorrelationHeader"/>.
/// </summary>
public sealed record RunsRequest(
    RunsRoute Route,
    string? Id = null,
    string? Path = null,
    Stream? Body = null,
    string? ClientPrincipal = null,
    string? CorrelationId = null);
