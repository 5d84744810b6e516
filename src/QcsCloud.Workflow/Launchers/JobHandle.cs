namespace QcsCloud.Workflow.Launchers;

/// <summary>One execution of a job: small, so it travels through orchestration history and custom status.</summary>
/// <param name="JobName">The deterministic job name (<c>JobSpec.Name</c>).</param>
/// <param name="ExecutionId">The launcher's id of this execution (process id + start, Container Apps execution name).</param>
/// <param name="OutputUri">Folder that receives the completion record.</param>
/// <param name="StartedUtc">When this execution was started: an older completion record belongs to an earlier attempt.</param>
public sealed record JobHandle(string JobName, string ExecutionId, string OutputUri, DateTimeOffset StartedUtc);
