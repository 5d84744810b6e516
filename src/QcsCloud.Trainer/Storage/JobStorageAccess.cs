using QcsCloud.Core;

namespace QcsCloud.Trainer.Storage;

/// <summary>
/// What <c>qcs</c> does in the data account when it runs as a Container Apps job, with the jobs' identity
/// (<c>StorageFolders</c>, DefaultAzureCredential with <c>AZURE_CLIENT_ID</c>). Plain data: the deployment
/// tests compile this file and check each line is granted on exactly that container, and that nothing else is
/// (no access to the host's account or the app package). A new container the trainer touches must be added here.
/// </summary>
public static class JobStorageAccess
{
    public static IReadOnlyList<AccessRequirement> RequiredAccess { get; } =
    [
        .. StorageOperations.Read(BlobLayout.DatasetsContainer, "qcs pack reads the uploaded dataset"),
        .. StorageOperations.ReadWrite(BlobLayout.StagingContainer, "qcs pack writes shards and its completion record; qcs train reads them"),
        .. StorageOperations.ReadWrite(BlobLayout.CheckpointsContainer, "qcs train reads init/resume checkpoints, writes last/best.ckpt, metrics and completion"),
        .. StorageOperations.ReadWrite(BlobLayout.ReportsContainer, "qcs evaluate and explain write figures and tables"),
    ];
}
