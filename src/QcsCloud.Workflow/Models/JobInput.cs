using QcsCloud.Core;

namespace QcsCloud.Workflow.Models;

/// <summary>Input of <c>JobOrchestratorV2</c>: the job, how to retry it, and where to record its outcome.</summary>
/// <param name="OutcomeFolderUri">Folder that receives <see cref="RunLayout.OutcomeFile"/>.</param>
/// <param name="RunFolderUri">The run's <c>checkpoints/&lt;run&gt;/</c> folder, where a cancel writes <see cref="RunLayout.CancelFile"/>
/// (checked before every launch and at every poll); null for a job that no single run owns (shared staging).</param>
/// <param name="Reuse">Content key and reuse across runs (training jobs); null: neither (staging, runs started before it).</param>
public sealed record JobInput(
    JobSpec Spec,
    JobPolicy Policy,
    string Dataset,
    TrainPhase? Phase,
    int? Seed,
    string OutcomeFolderUri,
    JobCursor? Cursor = null,
    string? RunFolderUri = null,
    JobReuse? Reuse = null);
