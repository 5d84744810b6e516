using QcsCloud.Workflow.Models;

namespace QcsCloud.Workflow.Api;

/// <summary>Body of <c>GET /api/runs/{id}</c>.</summary>
/// <param name="Failure">Why the orchestration failed or was terminated, when it did.</param>
public sealed record RunView(
    string Id,
    string RuntimeStatus,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastUpdatedAt,
    RunProgress? Progress,
    RunResult? Result,
    string? Failure,
    IReadOnlyList<JobView> Jobs);
