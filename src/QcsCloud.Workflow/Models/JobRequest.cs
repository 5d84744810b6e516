using QcsCloud.Core;
using QcsCloud.Workflow.Launchers;

namespace QcsCloud.Workflow.Models;

/// <summary>Input of <c>StartJobActivity</c>: the job, and the run folder whose cancel marker forbids the launch (null: none).</summary>
public sealed record StartJobRequest(JobSpec Spec, string? RunFolderUri);

/// <summary>Input of <c>PollJobActivity</c>: the execution, and the run folder whose cancel marker it reports (null: none).</summary>
public sealed record PollJobRequest(JobHandle Handle, string? RunFolderUri);
