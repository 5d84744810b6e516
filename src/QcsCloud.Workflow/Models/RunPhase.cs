namespace QcsCloud.Workflow.Models;

/// <summary>Where a run is, shown by <c>GET /api/runs/{id}</c>.</summary>
public enum RunPhase
{
    Staging,
    Pretrain,
    Collect,
    FineTune,
    Report,
    Done,
}
