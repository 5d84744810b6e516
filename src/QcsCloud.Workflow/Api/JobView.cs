using QcsCloud.Workflow.Models;

namespace QcsCloud.Workflow.Api;

/// <summary>One job of a run in <c>GET /api/runs/{id}</c>: which it is, its orchestration status and progress.</summary>
/// <param name="RuntimeStatus">Null while the job has not been scheduled.</param>
/// <param name="Arm">The job's arm (mode x variant) in a grid plan; null otherwise.</param>
public sealed record JobView(
    string Name,
    string Kind,
    string Dataset,
    string? Phase,
    int? Seed,
    string? RuntimeStatus,
    JobProgress? Progress,
    string? Arm = null);
