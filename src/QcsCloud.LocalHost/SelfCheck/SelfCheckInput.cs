namespace QcsCloud.LocalHost.SelfCheck;

/// <summary>How many sequential steps the self-check runs, how long each takes, and whether each step is a sub-orchestration.</summary>
/// <param name="SubOrchestrations">Run each step inside its own sub-orchestration: exercises the path the training runs use.</param>
public sealed record SelfCheckInput(int Steps, int StepMilliseconds, bool SubOrchestrations = false)
{
    public IReadOnlyList<string> Validate() =>
        [
            .. Steps is < 1 or > 100 ? [$"steps ({Steps}) must be 1-100"] : Array.Empty<string>(),
            .. StepMilliseconds is < 0 or > 60_000 ? [$"stepMilliseconds ({StepMilliseconds}) must be 0-60000"] : Array.Empty<string>(),
        ];
}
