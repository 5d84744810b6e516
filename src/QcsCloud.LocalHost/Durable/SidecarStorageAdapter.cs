using System.Collections.Concurrent;
using System.Reflection;
using DurableTask.Core;
using DurableTask.Core.History;

namespace QcsCloud.LocalHost.Durable;

/// <summary>
/// Sits between the in-process gRPC sidecar and DurableTask.AzureStorage and fixes three mismatches between them
/// (seen here: without the first two no sub-orchestration ever completes on Azurite):
/// <list type="number">
/// <item>The sidecar passes the <c>Tags</c> of sub-orchestrations as a protobuf <c>MapField</c>; AzureStorage writes queue
/// messages with .NET type names and cannot load that type back ("Error resolving type ... MapField").
/// Such tags are copied into a plain <see cref="Dictionary{TKey,TValue}"/>.</item>
/// <item>The sidecar records sub-orchestration starts as its own subclass of <see cref="SubOrchestrationInstanceCreatedEvent"/>;
/// AzureStorage's history table writer only knows the DurableTask.Core types and stores an empty row, which it then
/// cannot read ("The TableEntity did not contain a 'EventType' property"). Such events are replaced by the base type.</item>
/// <item>The sidecar's dispatcher never renews the lock of a running activity, so an activity that outlives the queue
/// visibility timeout would be delivered and run a second time. Locked activity work items are renewed every third
/// of that timeout until they are completed or abandoned.</item>
/// </list>
/// Everything else passes straight through.
/// </summary>
public sealed class SidecarStorageAdapter(IOrchestrationService inner, TimeSpan activityRenewInterval, ILogger<SidecarStorageAdapter> logger)
    : IOrchestrationService
{
    private static readonly ConcurrentDictionary<Type, PropertyInfo?> TagProperties = new();
    private readonly ConcurrentDictionary<TaskActivityWorkItem, LockRenewal> renewals = new();

    public async Task<TaskActivityWorkItem> LockNextTaskActivityWorkItem(TimeSpan receiveTimeout, CancellationToken cancellationToken)
    {
        var workItem = await inner.LockNextTaskActivityWorkItem(receiveTimeout, cancellationToken);
        if (workItem is not null) renewals[workItem] = new LockRenewal(inner, workItem, activityRenewInterval, logger);
        return workItem!;
    }

    public async Task AbandonTaskActivityWorkItemAsync(TaskActivityWorkItem workItem)
    {
        await StopRenewingAsync(workItem);
        await inner.AbandonTaskActivityWorkItemAsync(workItem);
    }

    public Task CompleteTaskOrchestrationWorkItemAsync(
        TaskOrchestrationWorkItem workItem, OrchestrationRuntimeState newOrchestrationRuntimeState,
        IList<TaskMessage> outboundMessages, IList<TaskMessage> orchestratorMessages, IList<TaskMessage> timerMessages,
        TaskMessage continuedAsNewMessage, OrchestrationState orchestrationState)
    {
        foreach (var message in outboundMessages.Concat(orchestratorMessages).Concat(timerMessages))
        {
            message.Event = AsCoreType(message.Event);
            Normalize(message.Event);
        }
        if (continuedAsNewMessage is not null) Normalize(continuedAsNewMessage.Event);
        if (newOrchestrationRuntimeState is not null)
        {
            ReplaceSidecarEvents(newOrchestrationRuntimeState.Events);
            ReplaceSidecarEvents(newOrchestrationRuntimeState.NewEvents);
            foreach (var e in newOrchestrationRuntimeState.Events) Normalize(e);
        }
        if (orchestrationState?.Tags is { } tags and not Dictionary<string, string>)
            orchestrationState.Tags = new Dictionary<string, string>(tags);
        return inner.CompleteTaskOrchestrationWorkItemAsync(workItem, newOrchestrationRuntimeState, outboundMessages,
            orchestratorMessages, timerMessages, continuedAsNewMessage, orchestrationState);
    }

    public async Task CompleteTaskActivityWorkItemAsync(TaskActivityWorkItem workItem, TaskMessage responseMessage)
    {
        Normalize(responseMessage?.Event);
        await StopRenewingAsync(workItem);
        await inner.CompleteTaskActivityWorkItemAsync(workItem, responseMessage);
    }

    private async Task StopRenewingAsync(TaskActivityWorkItem workItem)
    {
        // Waits for a renewal in flight: completing with a stale pop receipt would leave the message to run again.
        if (renewals.TryRemove(workItem, out var renewal)) await renewal.StopAsync();
    }

    private static void ReplaceSidecarEvents(IList<HistoryEvent> events)
    {
        for (var i = 0; i < events.Count; i++)
            if (!ReferenceEquals(AsCoreType(events[i]), events[i])) events[i] = AsCoreType(events[i]);
    }

    /// <summary>The DurableTask.Core event for a sidecar subclass of one (same values); any other event unchanged.</summary>
    public static HistoryEvent AsCoreType(HistoryEvent e)
    {
        if (e is not SubOrchestrationInstanceCreatedEvent created || e.GetType() == typeof(SubOrchestrationInstanceCreatedEvent)) return e;
        return new SubOrchestrationInstanceCreatedEvent(created.EventId)
        {
            Name = created.Name,
            Version = created.Version,
            InstanceId = created.InstanceId,
            Input = created.Input,
            Tags = created.Tags is null ? null : new Dictionary<string, string>(created.Tags),
            ClientSpanId = created.ClientSpanId,
            IsPlayed = created.IsPlayed,
            Timestamp = created.Timestamp,
        };
    }

    /// <summary>Replaces a non-Dictionary <c>Tags</c> value of any history event type that has one.</summary>
    public static void Normalize(HistoryEvent? e)
    {
        if (e is null) return;
        var property = TagProperties.GetOrAdd(e.GetType(), type =>
            type.GetProperty("Tags", typeof(IDictionary<string, string>)) is { CanRead: true, CanWrite: true } p ? p : null);
        if (property?.GetValue(e) is IDictionary<string, string> tags and not Dictionary<string, string>)
            property.SetValue(e, new Dictionary<string, string>(tags));
    }

    // Everything below delegates unchanged.
    public int TaskOrchestrationDispatcherCount => inner.TaskOrchestrationDispatcherCount;
    public int MaxConcurrentTaskOrchestrationWorkItems => inner.MaxConcurrentTaskOrchestrationWorkItems;
    public BehaviorOnContinueAsNew EventBehaviourForContinueAsNew => inner.EventBehaviourForContinueAsNew;
    public int TaskActivityDispatcherCount => inner.TaskActivityDispatcherCount;
    public int MaxConcurrentTaskActivityWorkItems => inner.MaxConcurrentTaskActivityWorkItems;
    public Task StartAsync() => inner.StartAsync();
    public Task StopAsync() => inner.StopAsync();
    public Task StopAsync(bool isForced) => inner.StopAsync(isForced);
    public Task CreateAsync() => inner.CreateAsync();
    public Task CreateAsync(bool recreateInstanceStore) => inner.CreateAsync(recreateInstanceStore);
    public Task CreateIfNotExistsAsync() => inner.CreateIfNotExistsAsync();
    public Task DeleteAsync() => inner.DeleteAsync();
    public Task DeleteAsync(bool deleteInstanceStore) => inner.DeleteAsync(deleteInstanceStore);
    public bool IsMaxMessageCountExceeded(int currentMessageCount, OrchestrationRuntimeState runtimeState) =>
        inner.IsMaxMessageCountExceeded(currentMessageCount, runtimeState);
    public int GetDelayInSecondsAfterOnProcessException(Exception exception) => inner.GetDelayInSecondsAfterOnProcessException(exception);
    public int GetDelayInSecondsAfterOnFetchException(Exception exception) => inner.GetDelayInSecondsAfterOnFetchException(exception);
    public Task<TaskOrchestrationWorkItem> LockNextTaskOrchestrationWorkItemAsync(TimeSpan receiveTimeout, CancellationToken cancellationToken) =>
        inner.LockNextTaskOrchestrationWorkItemAsync(receiveTimeout, cancellationToken);
    public Task RenewTaskOrchestrationWorkItemLockAsync(TaskOrchestrationWorkItem workItem) => inner.RenewTaskOrchestrationWorkItemLockAsync(workItem);
    public Task AbandonTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem) => inner.AbandonTaskOrchestrationWorkItemAsync(workItem);
    public Task ReleaseTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem) => inner.ReleaseTaskOrchestrationWorkItemAsync(workItem);
    public Task<TaskActivityWorkItem> RenewTaskActivityWorkItemLockAsync(TaskActivityWorkItem workItem) => inner.RenewTaskActivityWorkItemLockAsync(workItem);

    /// <summary>Renews one activity's queue message until stopped.</summary>
    private sealed class LockRenewal
    {
        private readonly CancellationTokenSource stop = new();
        private readonly Task loop;

        public LockRenewal(IOrchestrationService service, TaskActivityWorkItem workItem, TimeSpan interval, ILogger logger) =>
            loop = Task.Run(async () =>
            {
                while (true)
                {
                    try { await Task.Delay(interval, stop.Token); }
                    catch (OperationCanceledException) { return; }
                    try { await service.RenewTaskActivityWorkItemLockAsync(workItem); }
                    catch (Exception e) { logger.LogWarning(e, "Could not renew the lock of activity work item {WorkItem}", workItem.Id); }
                }
            });

        public async Task StopAsync()
        {
            await stop.CancelAsync();
            await loop;
            stop.Dispose();
        }
    }
}
