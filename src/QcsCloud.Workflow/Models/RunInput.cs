using QcsCloud.Core;

namespace QcsCloud.Workflow.Models;

/// <summary>
/// Input of <c>TrainingRunOrchestratorV2</c>: ids, the (small, validated, bounded) plan and the blob service URI.
/// </summary>
/// <param name="StorageUri">Blob service URI jobs read and write, e.g. <c>http://127.0.0.1:10000/devstoreaccount1</c>.</param>
/// <param name="ContainerPrefix">Prefix of every container name (<c>Qcs:Storage:ContainerPrefix</c>; empty outside tests).</param>
/// <param name="Reuse">The plan's <c>reuse</c>, or the server's default, resolved at start: <c>succeeded</c> or <c>never</c>;
/// null in runs started before reuse across runs (their jobs get no content key).</param>
public sealed record RunInput(string RunId, RunPlan Plan, string StorageUri, JobPolicy Policy, string ContainerPrefix = "", string? Reuse = null)
{
    /// <summary>Folder URI of <paramref name="prefix"/> in one of the layout's containers (pure: orchestrators use it).</summary>
    public string Folder(string container, string prefix) => Storage.QcsStorage.FolderUri(StorageUri, ContainerPrefix + container, prefix);
}
