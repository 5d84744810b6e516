using DurableTask.AzureStorage;

namespace QcsCloud.LocalHost.Durable;

/// <summary>
/// Settings of the local host's durable store, DurableTask.AzureStorage on Azurite (or any account given
/// by connection string), chosen so that crash recovery takes seconds (docs/local-mode.md, the local host:
/// one partition, 100 ms polling, short leases and visibility timeouts).
/// </summary>
public static class AzureStorageBackend
{
    public static AzureStorageOrchestrationServiceSettings Settings(LocalHostOptions options, ILoggerFactory loggerFactory)
    {
        var lease = TimeSpan.FromSeconds(options.LeaseSeconds);
        var visibility = TimeSpan.FromSeconds(options.QueueVisibilityTimeoutSeconds);
        return new AzureStorageOrchestrationServiceSettings
        {
            StorageAccountClientProvider = new StorageAccountClientProvider(options.ResolveConnectionString()),
            TaskHubName = options.TaskHubName,
            PartitionCount = options.PartitionCount,
            MaxQueuePollingInterval = TimeSpan.FromMilliseconds(options.MaxQueuePollingMilliseconds),
            ControlQueueVisibilityTimeout = visibility,
            WorkItemQueueVisibilityTimeout = visibility,
            LeaseInterval = lease,
            // Renew and acquire well inside the lease, so a restarted host takes over a dead one's partition fast.
            LeaseRenewInterval = lease / 3,
            LeaseAcquireInterval = lease / 3,
            MaxConcurrentTaskActivityWorkItems = options.MaxConcurrentActivities,
            MaxConcurrentTaskOrchestrationWorkItems = options.MaxConcurrentOrchestrations,
            LoggerFactory = loggerFactory,
        };
    }
}
