namespace QcsCloud.Trainer.Cli;

/// <summary>
/// What the workflow's launchers tell a job in its environment: its job name (<c>QCS_JOB_NAME</c>) and the folder of
/// its completion record (<c>QCS_OUTPUT_URI</c>). With an output URI, every exit leaves a record there, argument
/// errors included; a hand run without one behaves as before. One per invocation: it remembers whether a record was written.
/// </summary>
public sealed class JobContext(string? jobName, string? outputUri)
{
    public const string JobNameVariable = "QCS_JOB_NAME";
    public const string OutputUriVariable = "QCS_OUTPUT_URI";

    public static JobContext FromEnvironment() => new(Read(JobNameVariable), Read(OutputUriVariable));

    public string? JobName { get; } = jobName;
    public string? OutputUri { get; } = outputUri;

    /// <summary>A completion record of this invocation is written (or deliberately left as it was).</summary>
    public bool Recorded { get; private set; }

    /// <summary>The workflow's job name, else the command's (a hand run).</summary>
    public string NameOr(string command) => JobName ?? command;

    public void MarkRecorded() => Recorded = true;

    private static string? Read(string variable) => Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value ? value : null;
}
