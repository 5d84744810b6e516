using Microsoft.DurableTask;

namespace QcsCloud.LocalHost.SelfCheck;

/// <summary>One step of the self-check: logs its start (tests count executions), waits, reports the process that ran it.</summary>
public sealed class SelfCheckStepActivity(ILogger<SelfCheckStepActivity> logger) : TaskActivity<SelfCheckStep, SelfCheckStepResult>
{
    public override async Task<SelfCheckStepResult> RunAsync(TaskActivityContext context, SelfCheckStep input)
    {
        logger.LogInformation("Self-check step {Index} of {InstanceId} started", input.Index, context.InstanceId);
        await Task.Delay(input.StepMilliseconds);
        return new SelfCheckStepResult(input.Index, Environment.ProcessId);
    }
}
