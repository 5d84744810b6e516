using QcsCloud.Core;

namespace QcsCloud.Workflow.Models;

/// <summary>Input of <c>JobOrchestratorV1</c>: the job, how to retry it, and where to record its outcome.</summary>
/// <param name="OutcomeFolderUri">Folder that receives <see cref="RunLayout.OutcomeFile"/>.</param>
public sealed record JobInput(
    JobSpec Spec,
    JobPolicy Policy,
    string Dataset,
    TrainPhase? Phase,
    int? Seed,
    string OutcomeFolderUri,
    JobCursor? Cursor = null);
