using QcsCloud.Core;

namespace QcsCloud.Workflow.Models;

/// <summary>Output of <c>JobOrchestratorV2</c>: only the name, the state and the GPU-hours; the rest is in <c>outcome.json</c>.</summary>
/// <param name="Reused">Succeeded without a launch: its folder already held a success completion record of the same spec.</param>
/// <param name="GpuHoursSaved">For a reused job, the GPU-hours of the job it reused.</param>
public sealed record JobResult(string JobName, JobOutcomeState State, double GpuHours, bool Reused = false, double GpuHoursSaved = 0);
