using Microsoft.DurableTask;

namespace QcsCloud.LocalHost.SelfCheck;

/// <summary>
/// Proves the local durable backend: N sequential activity steps whose results are checkpointed in
/// Azurite, so a host killed part-way resumes after restart instead of starting over.
/// Replay-safe: no clock, GUIDs, I/O or environment reads here; the loop is bounded by the input.
/// </summary>
public sealed class SelfCheckOrchestratorV1 : TaskOrchestrator<SelfCheckInput, IReadOnlyList<SelfCheckStepResult>>
{
    public override async Task<IReadOnlyList<SelfCheckStepResult>> RunAsync(TaskOrchestrationContext context, SelfCheckInput input)
    {
        var results = new List<SelfCheckStepResult>(input.Steps);
        for (var index = 0; index < input.Steps; index++)
        {
            var step = new SelfCheckStep(index, input.StepMilliseconds);
            results.Add(input.SubOrchestrations
                ? await context.CallSubOrchestratorAsync<SelfCheckStepResult>(
                    nameof(SelfCheckStepOrchestratorV1), step, new SubOrchestrationOptions { InstanceId = $"{context.InstanceId}-step-{index}" })
                : await context.CallActivityAsync<SelfCheckStepResult>(nameof(SelfCheckStepActivity), step));
            context.SetCustomStatus(new { completedSteps = index + 1, steps = input.Steps });
        }
        return results;
    }
}
