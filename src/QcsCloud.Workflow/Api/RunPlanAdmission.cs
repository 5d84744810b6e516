using Microsoft.Extensions.Options;
using QcsCloud.Core;
using QcsCloud.Workflow.Configuration;
using QcsCloud.Workflow.Storage;

namespace QcsCloud.Workflow.Api;

/// <summary>
/// What this deployment admits beyond a plan's own validity (<see cref="RunPlan.Validate"/>): the caps of
/// <see cref="LimitsOptions"/> and the blobs a plan may name. A URI in a plan (<c>init</c>) must be a blob in the
/// <c>datasets</c>, <c>staging</c> or <c>checkpoints</c> container of the deployment's own storage account (locally the
/// Azurite endpoint): jobs open it with their identity, which must never sign a request to another host.
/// A plain path is allowed only for local jobs (a file on this machine).
/// </summary>
public sealed class RunPlanAdmission(QcsStorage storage, IOptions<LimitsOptions> limits, IOptions<JobLauncherOptions> jobs)
{
    private static readonly string[] ReadableContainers =
        [BlobLayout.DatasetsContainer, BlobLayout.StagingContainer, BlobLayout.CheckpointsContainer];

    /// <summary>Every problem, each naming the field or the setting; empty when the plan is admitted.</summary>
    public IReadOnlyList<string> Problems(RunPlan plan)
    {
        var problems = new List<string>();
        var caps = limits.Value;
        if (plan.JobCount > caps.MaxJobsPerRun)
            problems.Add($"the plan makes {plan.JobCount} training jobs; {LimitsOptions.Section}:{nameof(LimitsOptions.MaxJobsPerRun)} allows {caps.MaxJobsPerRun} per run.");
        if (plan.MaxConcurrentJobs > caps.MaxConcurrentJobs)
            problems.Add($"maxConcurrentJobs ({plan.MaxConcurrentJobs}) is over {LimitsOptions.Section}:{nameof(LimitsOptions.MaxConcurrentJobs)} ({caps.MaxConcurrentJobs}).");
        var budgetRequired = caps.RequireGpuHourBudget ?? jobs.Value.Kind == JobLauncherKind.ContainerApps;
        if (budgetRequired && plan.GpuHourBudget is null)
            problems.Add($"gpuHourBudget is missing: {LimitsOptions.Section}:{nameof(LimitsOptions.RequireGpuHourBudget)} asks every run for a GPU-hour budget" +
                         (caps.MaxGpuHourBudget is { } max ? $" (at most {max})." : "."));
        if (plan.GpuHourBudget > caps.MaxGpuHourBudget)
            problems.Add($"gpuHourBudget ({plan.GpuHourBudget}) is over {LimitsOptions.Section}:{nameof(LimitsOptions.MaxGpuHourBudget)} ({caps.MaxGpuHourBudget}).");
        if (plan.Init is { } init && BlobProblem(init) is { } why)
            problems.Add($"init '{init}' is not allowed: {why}");
        return problems;
    }

    /// <summary>Seconds one training step takes on this deployment's jobs: the shipped table for its device, with its overrides.</summary>
    public StepCalibration Calibration => StepCalibration.Shipped(limits.Value.StepSeconds,
        limits.Value.Device ?? (jobs.Value.Kind == JobLauncherKind.LocalProcess ? "cpu" : null));

    /// <summary>The allowed blob folders, for messages: <c>{service}/{prefix}datasets/</c>, ...</summary>
    public IReadOnlyList<string> AllowedFolders => ReadableContainers.Select(c => $"{storage.ServiceUri}/{storage.ContainerPrefix}{c}/").ToList();

    private string? BlobProblem(string location)
    {
        var allowed = $"name a blob in {string.Join(", ", AllowedFolders)} (allowed host: {ServiceHost})";
        if (JobEnvironment.BlobHost(location) is null)
            return jobs.Value.Kind == JobLauncherKind.LocalProcess && !location.Contains("://", StringComparison.Ordinal)
                ? null
                : $"jobs here read only blobs of this deployment: {allowed}.";
        var uri = new Uri(location);
        var service = new Uri(storage.ServiceUri + "/");
        if (!string.Equals(uri.Authority, service.Authority, StringComparison.OrdinalIgnoreCase) || uri.Scheme != service.Scheme)
            return $"host '{uri.Authority}' is not this deployment's storage account: {allowed}.";
        if (uri.Query.Length > 0 || uri.Fragment.Length > 0)
            return $"a blob URI carries no query or fragment (jobs use their own identity, not a SAS): {allowed}.";
        var path = uri.AbsolutePath;
        if (!ReadableContainers.Any(c => path.StartsWith($"{service.AbsolutePath}{storage.ContainerPrefix}{c}/", StringComparison.Ordinal) &&
                                         path.Length > $"{service.AbsolutePath}{storage.ContainerPrefix}{c}/".Length))
            return $"'{path}' is not a blob in a container jobs may read: {allowed}.";
        return null;
    }

    private string ServiceHost => new Uri(storage.ServiceUri).Authority;
}
