namespace QcsCloud.Workflow.Configuration;

/// <summary>
/// <see cref="Launchers.LocalProcessJobLauncher"/>: how to run <c>qcs</c>, how many at once, and failures to inject
/// (local mode and tests) so that retries, preemption and give-up are exercised here, not hoped for.
/// Failure patterns match job names with <c>*</c> wildcards, e.g. <c>*-rafdb-pretrain-s2</c>.
/// </summary>
public sealed class LocalProcessOptions
{
    /// <summary>The trainer command line before its arguments, e.g. <c>dotnet /app/qcs.dll</c> or <c>/usr/local/bin/qcs</c>.</summary>
    public string? TrainerCommand { get; set; }

    /// <summary>Jobs running at once on this machine; more wait for a slot (capacity, not failure).</summary>
    public int MaxConcurrentProcesses { get; set; } = 2;

    /// <summary>Working directory of the jobs (default: the host's current directory).</summary>
    public string? WorkingDirectory { get; set; }

    /// <summary>
    /// Folder of the running jobs' entries, so that a restarted host adopts its orphans instead of launching them again
    /// (default: <c>qcs-job-state</c> in <see cref="WorkingDirectory"/>, else in the temporary folder).
    /// </summary>
    public string? StateDirectory { get; set; }

    /// <summary>Orphans of a dead host that no job asks for within this many seconds after start-up get SIGTERM (negative: never).</summary>
    public double OrphanGraceSeconds { get; set; } = 600;

    /// <summary>Extra environment variables for every job (e.g. <c>QCS_STORAGE_CONNECTION_STRING</c>).</summary>
    public Dictionary<string, string> Environment { get; set; } = [];

    /// <summary>Injected: the first N launches of matching jobs are refused as capacity errors.</summary>
    public FailureInjection? FailLaunch { get; set; }

    /// <summary>Injected: the first N executions of matching jobs exit with code 3 at once (a crash).</summary>
    public FailureInjection? Crash { get; set; }

    /// <summary>Injected: the first N executions of matching jobs get SIGTERM after <see cref="FailureInjection.AfterSeconds"/> (preemption).</summary>
    public FailureInjection? Kill { get; set; }
}

/// <summary>One injected failure: which jobs (wildcard), how many times, and when.</summary>
public sealed class FailureInjection
{
    public string JobPattern { get; set; } = "*";
    public int Times { get; set; } = 1;
    public double AfterSeconds { get; set; } = 2;
}
