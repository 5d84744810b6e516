using QcsCloud.Core;
using QcsCloud.Workflow.Launchers;

namespace QcsCloud.Workflow.Models;

/// <summary>Input of <c>StartJobActivity</c>: the job, the run folder whose cancel marker forbids the launch (null: none),
/// and its reuse across runs (null: none).</summary>
public sealed record StartJobRequest(JobSpec Spec, string? RunFolderUri, JobReuse? Reuse = null);

/// <summary>Input of <c>PollJobActivity</c>: the execution, and the run folder whose cancel marker it reports (null: none).</summary>
public sealed record PollJobRequest(JobHandle Handle, string? RunFolderUri);
