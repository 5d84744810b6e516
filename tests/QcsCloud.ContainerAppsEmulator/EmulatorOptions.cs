namespace QcsCloud.ContainerAppsEmulator;

/// <summary>
/// Section <c>Emulator</c>: where the emulator listens, the jobs it knows, what an execution runs (the image's entry point:
/// <c>qcs</c>) and the environment the job resource would give every replica (storage, work folder).
/// </summary>
public sealed class EmulatorOptions
{
    public const string Section = "Emulator";

    /// <summary>HTTPS port on 127.0.0.1 (0: a free one).</summary>
    public int Port { get; set; }

    /// <summary>The only bearer token accepted (ARM checks a real one; this is the test credential's).</summary>
    public string Token { get; set; } = "emulator-token";

    /// <summary>Names of the jobs (<c>Microsoft.App/jobs/{name}</c>) in any subscription and resource group.</summary>
    public List<string> Jobs { get; set; } = ["qcs-train", "qcs-stage"];

    /// <summary>What the container image runs before the template's args, e.g. <c>dotnet /repo/.../qcs.dll</c>.</summary>
    public string TrainerCommand { get; set; } = "qcs";

    /// <summary>Environment of every replica (the job resource's own env), below the template's env.</summary>
    public Dictionary<string, string> Environment { get; set; } = [];

    /// <summary>The jobs' <c>configuration.replicaTimeout</c>: a replica running longer is terminated and its execution Failed.</summary>
    public TimeSpan ReplicaTimeout { get; set; } = TimeSpan.FromHours(12);

    /// <summary>Between SIGTERM and SIGKILL when a replica is stopped or timed out (the container's termination grace period).</summary>
    public TimeSpan TerminationGrace { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Executions running at once across jobs; a start beyond it answers 429 (quota), creating nothing.</summary>
    public int MaxRunningExecutions { get; set; } = 16;

    /// <summary>Executions per page of <c>GET .../executions</c> (small, so that clients must follow <c>nextLink</c>).</summary>
    public int PageSize { get; set; } = 10;

    /// <summary>Folder of the replicas' stdout/stderr logs (default: a temporary folder).</summary>
    public string? LogDirectory { get; set; }

    /// <summary>Switchable failures; also settable at run time through <see cref="ContainerAppsJobsEmulator.Faults"/>.</summary>
    public EmulatorFaults Faults { get; set; } = new();
}
