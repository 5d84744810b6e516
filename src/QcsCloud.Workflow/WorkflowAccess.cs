using QcsCloud.Core;
using QcsCloud.Workflow.Configuration;
using QcsCloud.Workflow.Launchers;
using QcsCloud.Workflow.Storage;

namespace QcsCloud.Workflow;

/// <summary>
/// Everything the workflow host does in Azure with its own identity, and which settings name an identity for whom.
/// Plain data for the deployment tests' wiring check (README, "Who can do what").
/// </summary>
public static class WorkflowAccess
{
    /// <summary>
    /// The Durable Task hub (Azure Storage provider) and the Functions host in <c>AzureWebJobsStorage</c>: leases and
    /// large messages in blobs, control and work-item queues, history and instance tables, the deployment package.
    /// </summary>
    public static IReadOnlyList<AccessRequirement> HostStorage { get; } =
    [
        new(AccessTarget.HostAccount, "", StorageOperations.BlobRead, "host and Durable Task leases, large messages, the deployment package"),
        new(AccessTarget.HostAccount, "", StorageOperations.BlobWrite, "host and Durable Task leases and large messages"),
        new(AccessTarget.HostAccount, "", StorageOperations.BlobDelete, "Durable Task large messages of purged instances"),
        new(AccessTarget.HostAccount, "", StorageOperations.QueueMessageRead, "Durable Task control and work-item queues"),
        new(AccessTarget.HostAccount, "", StorageOperations.QueueMessageWrite, "Durable Task control and work-item queues"),
        new(AccessTarget.HostAccount, "", StorageOperations.QueueMessageDelete, "Durable Task control and work-item queues"),
        new(AccessTarget.HostAccount, "", StorageOperations.TableEntityRead, "Durable Task history and instances"),
        new(AccessTarget.HostAccount, "", StorageOperations.TableEntityWrite, "Durable Task history and instances"),
        new(AccessTarget.HostAccount, "", StorageOperations.TableEntityDelete, "Durable Task purge"),
    ];

    /// <summary>Every operation of the workflow host, all performed with the Function App's identities.</summary>
    public static IReadOnlyList<AccessRequirement> Required { get; } =
        [.. ContainerAppsJobResource.RequiredAccess, .. QcsStorage.RequiredAccess, .. HostStorage];

    /// <summary>
    /// Settings (configuration keys) whose value is a managed identity's client id, and who must hold that identity.
    /// A setting not listed here that names an identity is taken as the host's own (its credential may read it).
    /// </summary>
    public static IReadOnlyDictionary<string, IdentityHolder> IdentitySettings { get; } = new Dictionary<string, IdentityHolder>
    {
        [$"{JobLauncherOptions.Section}:ContainerApps:{nameof(ContainerAppsOptions.ArmManagedIdentityClientId)}"] = IdentityHolder.FunctionApp,
        [$"{JobLauncherOptions.Section}:ContainerApps:{nameof(ContainerAppsOptions.JobsManagedIdentityClientId)}"] = IdentityHolder.Jobs,
    };
}

/// <summary>Which resource must have a managed identity attached for a setting that names it to work.</summary>
public enum IdentityHolder
{
    /// <summary>The Function App: it requests tokens for that identity itself.</summary>
    FunctionApp,
    /// <summary>Both Container Apps jobs: the app only passes the client id on as their <c>AZURE_CLIENT_ID</c>.</summary>
    Jobs,
}
