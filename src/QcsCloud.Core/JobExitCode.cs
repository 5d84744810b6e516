namespace QcsCloud.Core;

/// <summary>
/// Exit codes of <c>qcs</c>, shared with the workflow so that it can tell a retryable job from one
/// that will fail the same way again.
/// </summary>
public static class JobExitCode
{
    /// <summary>Finished; the completion record is written.</summary>
    public const int Success = 0;
    /// <summary>A bad option, file, label or blob: the same input fails again, so do not retry.</summary>
    public const int BadInput = 2;
    /// <summary>Training itself failed (NaN loss, out of memory, a bug): recorded, retried with backoff.</summary>
    public const int TrainingFailed = 3;
    /// <summary>Stopped by SIGTERM/cancel after writing a checkpoint: a relaunch resumes (preemption).</summary>
    public const int Cancelled = 130;
}
