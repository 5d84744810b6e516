namespace QcsCloud.Core;

/// <summary>How a job of a run ended, as recorded in its <c>outcome.json</c>.</summary>
public enum JobOutcomeState
{
    /// <summary>The completion record says it succeeded.</summary>
    Succeeded,
    /// <summary>Exit 2 (bad option, file or data): failed fast, not retried.</summary>
    BadInput,
    /// <summary>Failed on every allowed attempt (or never got capacity to launch).</summary>
    GaveUp,
    /// <summary>Never launched: the GPU-hour budget was spent, or what it needed (staging, a pretrain model) failed.</summary>
    Skipped,
    /// <summary>The run was cancelled: the job's execution was stopped (or never launched). Neither a failure nor a preemption.</summary>
    Cancelled,
    /// <summary>The run's GPU-hour budget ran out while the job ran: its execution was stopped.</summary>
    BudgetStopped,
}
