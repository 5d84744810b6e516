using System.Reflection;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace QcsCloud.Functions.Tests.Support;

/// <summary>
/// A durable client that knows no instance and records what is scheduled; <see cref="Failure"/>, when set, is thrown
/// by every call (an unexpected error inside a handler).
/// </summary>
public sealed class StubDurableClient() : DurableTaskClient("stub")
{
    public List<string> Scheduled { get; } = [];
    public Exception? Failure { get; set; }

    public override Task<OrchestrationMetadata?> GetInstancesAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        Failure is { } e ? Task.FromException<OrchestrationMetadata?>(e) : Task.FromResult<OrchestrationMetadata?>(null);

    public override Task<string> ScheduleNewOrchestrationInstanceAsync(TaskName orchestratorName, object? input = null, StartOrchestrationOptions? options = null, CancellationToken cancellation = default)
    {
        var id = options?.InstanceId ?? Guid.NewGuid().ToString("N");
        Scheduled.Add(id);
        return Task.FromResult(id);
    }

    public override AsyncPageable<OrchestrationMetadata> GetAllInstancesAsync(OrchestrationQuery? filter = null) => throw Unused();
    public override Task<PurgeResult> PurgeAllInstancesAsync(PurgeInstancesFilter filter, CancellationToken cancellation = default) => throw Unused();
    public override Task<PurgeResult> PurgeInstanceAsync(string instanceId, CancellationToken cancellation = default) => throw Unused();
    public override Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default) => throw Unused();
    public override Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) => throw Unused();
    public override Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) => throw Unused();
    public override Task TerminateInstanceAsync(string instanceId, object? output = null, CancellationToken cancellation = default) => throw Unused();
    public override Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) => throw Unused();
    public override Task<OrchestrationMetadata> WaitForInstanceStartAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) => throw Unused();
    public override ValueTask DisposeAsync() => default;

    /// <summary>
    /// This client as the Functions binding hands it to a trigger: wrapped with the extension's query string, which
    /// carries the durable extension's system key (the real <c>FunctionsDurableTaskClient</c>, internal to the extension).
    /// </summary>
    public DurableTaskClient AsFunctionsBinding(string systemKeyQuery, string baseUrl)
    {
        var type = typeof(Microsoft.Azure.Functions.Worker.DurableTaskClientExtensions).Assembly
            .GetType("Microsoft.Azure.Functions.Worker.FunctionsDurableTaskClient", throwOnError: true)!;
        var constructor = type.GetConstructors(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
            .Single(c => c.GetParameters() is [{ ParameterType: var first }, ..] && first == typeof(DurableTaskClient));
        var args = constructor.GetParameters().Select(p => p.ParameterType == typeof(DurableTaskClient) ? this
            : p.ParameterType != typeof(string) ? null
            : p.Name!.Contains("query", StringComparison.OrdinalIgnoreCase) ? systemKeyQuery : (object)baseUrl).ToArray();
        return (DurableTaskClient)constructor.Invoke(args);
    }

    private static NotSupportedException Unused() => new("not used by these tests");
}
