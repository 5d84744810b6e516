using Microsoft.DurableTask;

namespace QcsCloud.LocalHost.SelfCheck;

/// <summary>One step of the self-check: waits, then reports the process that ran it.</summary>
public sealed class SelfCheckStepActivity : TaskActivity<SelfCheckStep, SelfCheckStepResult>
{
    public override async Task<SelfCheckStepResult> RunAsync(TaskActivityContext context, SelfCheckStep input)
    {
        await Task.Delay(input.StepMilliseconds);
        return new SelfCheckStepResult(input.Index, Environment.ProcessId);
    }
}
