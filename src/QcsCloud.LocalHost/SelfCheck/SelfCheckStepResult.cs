namespace QcsCloud.LocalHost.SelfCheck;

/// <summary>Which host process ran a step: after a crash and restart the ids differ, proving the resume.</summary>
public sealed record SelfCheckStepResult(int Index, int ProcessId);
