using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using QcsCloud.Workflow.Telemetry;

namespace QcsCloud.Functions;

/// <summary>
/// Runs the Workflow's class-based orchestrators and activities from hand-written <c>[Function]</c>
/// triggers, as the (unavailable) Durable source generator would: orchestrators are stateless singletons,
/// activities are created per call from the function's service scope. Every call runs in a log scope naming its run
/// and job (<see cref="WorkflowLogScope"/>).
/// </summary>
public static class TaskAdapters
{
    public static async Task<TOut> RunOrchestratorAsync<TOrchestrator, TIn, TOut>(TaskOrchestrationContext context)
        where TOrchestrator : TaskOrchestrator<TIn, TOut>, new()
    {
        var input = context.GetInput<TIn>()
            ?? throw new InvalidOperationException($"{typeof(TOrchestrator).Name} ({context.InstanceId}) started without input");
        // Scopes are shared by every logger of the factory, the orchestrator's replay-safe loggers included.
        using var scope = context.CreateReplaySafeLogger(typeof(TOrchestrator)).BeginScope(WorkflowLogScope.For(context.InstanceId));
        return await OrchestratorOf<TOrchestrator>.Instance.RunAsync(context, input);
    }

    public static async Task<TOut> RunActivityAsync<TActivity, TIn, TOut>(TIn input, FunctionContext functionContext)
        where TActivity : TaskActivity<TIn, TOut>
    {
        var activity = ActivatorUtilities.GetServiceOrCreateInstance<TActivity>(functionContext.InstanceServices);
        var instanceId = functionContext.BindingContext.BindingData.TryGetValue("instanceId", out var id) ? id?.ToString() ?? "" : "";
        var logger = functionContext.InstanceServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(TActivity));
        using var scope = logger.BeginScope(WorkflowLogScope.For(instanceId));
        return await activity.RunAsync(new FunctionActivityContext(typeof(TActivity).Name, instanceId), input);
    }

    private static class OrchestratorOf<T> where T : new()
    {
        // Orchestrators hold no state between replays (they must not), so one instance serves every call.
        public static readonly T Instance = new();
    }
}
