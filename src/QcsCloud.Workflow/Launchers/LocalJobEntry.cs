namespace QcsCloud.Workflow.Launchers;

/// <summary>One running local job in the launcher's state folder: enough for a restarted host to find it again.</summary>
/// <param name="Process">The job's process.</param>
/// <param name="Host">The host process that started (or adopted) it: while that one lives, nobody else touches the job.</param>
public sealed record LocalJobEntry(JobHandle Handle, ProcessIdentity Process, ProcessIdentity Host, string LogFile);
