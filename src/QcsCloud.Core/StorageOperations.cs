namespace QcsCloud.Core;

/// <summary>Azure RBAC (data) actions of storage, for <see cref="AccessRequirement"/> declarations.</summary>
public static class StorageOperations
{
    public const string BlobRead = "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read";
    public const string BlobWrite = "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write";
    public const string BlobDelete = "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/delete";
    public const string UserDelegationKey = "Microsoft.Storage/storageAccounts/blobServices/generateUserDelegationKey/action";
    public const string QueueMessageRead = "Microsoft.Storage/storageAccounts/queueServices/queues/messages/read";
    public const string QueueMessageWrite = "Microsoft.Storage/storageAccounts/queueServices/queues/messages/write";
    public const string QueueMessageDelete = "Microsoft.Storage/storageAccounts/queueServices/queues/messages/delete";
    public const string TableEntityRead = "Microsoft.Storage/storageAccounts/tableServices/tables/entities/read";
    public const string TableEntityWrite = "Microsoft.Storage/storageAccounts/tableServices/tables/entities/write";
    public const string TableEntityDelete = "Microsoft.Storage/storageAccounts/tableServices/tables/entities/delete";

    /// <summary>Read, write and delete in one container (a job's or the workflow's output container).</summary>
    public static IEnumerable<AccessRequirement> ReadWrite(string container, string why) =>
    [
        new(AccessTarget.DataContainer, container, BlobRead, why),
        new(AccessTarget.DataContainer, container, BlobWrite, why),
        new(AccessTarget.DataContainer, container, BlobDelete, why),
    ];

    /// <summary>Read (and list) only.</summary>
    public static IEnumerable<AccessRequirement> Read(string container, string why) =>
        [new(AccessTarget.DataContainer, container, BlobRead, why)];
}
