namespace QcsCloud.LocalHost.SelfCheck;

/// <summary>The input of one self-check step.</summary>
public sealed record SelfCheckStep(int Index, int StepMilliseconds);
