using Microsoft.DurableTask;

namespace QcsCloud.LocalHost.SelfCheck;

/// <summary>One self-check step wrapped in a sub-orchestration. Replay-safe: it only awaits its activity.</summary>
public sealed class SelfCheckStepOrchestratorV1 : TaskOrchestrator<SelfCheckStep, SelfCheckStepResult>
{
    public override Task<SelfCheckStepResult> RunAsync(TaskOrchestrationContext context, SelfCheckStep input) =>
        context.CallActivityAsync<SelfCheckStepResult>(nameof(SelfCheckStepActivity), input);
}
