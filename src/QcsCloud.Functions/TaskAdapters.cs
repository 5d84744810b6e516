using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;

namespace QcsCloud.Functions;

/// <summary>
/// Runs the Workflow's class-based orchestrators and activities from hand-written <c>[Function]</c>
/// triggers, as the (unavailable) Durable source generator would: orchestrators are stateless singletons,
/// activities are created per call from the function's service scope.
/// </summary>
public static class TaskAdapters
{
    public static async Task<TOut> RunOrchestratorAsync<TOrchestrator, TIn, TOut>(TaskOrchestrationContext context)
        where TOrchestrator : TaskOrchestrator<TIn, TOut>, new()
    {
        var input = context.GetInput<TIn>()
            ?? throw new InvalidOperationException($"{typeof(TOrchestrator).Name} ({context.InstanceId}) started without input");
        return await OrchestratorOf<TOrchestrator>.Instance.RunAsync(context, input);
    }

    public static async Task<TOut> RunActivityAsync<TActivity, TIn, TOut>(TIn input, FunctionContext functionContext)
        where TActivity : TaskActivity<TIn, TOut>
    {
        var activity = ActivatorUtilities.GetServiceOrCreateInstance<TActivity>(functionContext.InstanceServices);
        var instanceId = functionContext.BindingContext.BindingData.TryGetValue("instanceId", out var id) ? id?.ToString() ?? "" : "";
        return await activity.RunAsync(new FunctionActivityContext(typeof(TActivity).Name, instanceId), input);
    }

    private static class OrchestratorOf<T> where T : new()
    {
        // Orchestrators hold no state between replays (they must not), so one instance serves every call.
        public static readonly T Instance = new();
    }
}
