namespace QcsCloud.LocalHost.SelfCheck;

/// <summary>How many sequential steps the self-check runs and how long each one takes.</summary>
public sealed record SelfCheckInput(int Steps, int StepMilliseconds)
{
    public IReadOnlyList<string> Validate() =>
        [
            .. Steps is < 1 or > 100 ? [$"steps ({Steps}) must be 1-100"] : Array.Empty<string>(),
            .. StepMilliseconds is < 0 or > 60_000 ? [$"stepMilliseconds ({StepMilliseconds}) must be 0-60000"] : Array.Empty<string>(),
        ];
}
