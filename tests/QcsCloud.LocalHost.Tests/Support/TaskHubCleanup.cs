using DurableTask.AzureStorage;

namespace QcsCloud.LocalHost.Tests.Support;

/// <summary>Deletes a test task hub's queues, tables and lease containers from Azurite.</summary>
public static class TaskHubCleanup
{
    public static async Task DeleteAsync(string taskHubName)
    {
        var service = new AzureStorageOrchestrationService(new AzureStorageOrchestrationServiceSettings
        {
            StorageAccountClientProvider = new StorageAccountClientProvider(TestStorage.ConnectionString),
            TaskHubName = taskHubName,
            PartitionCount = 1,
        });
        try { await service.DeleteAsync(); }
        catch (Exception e) { Console.WriteLine($"Cleanup of task hub {taskHubName} failed: {e.Message}"); }
    }
}
