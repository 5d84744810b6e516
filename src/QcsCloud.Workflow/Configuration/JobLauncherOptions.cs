using System.ComponentModel.DataAnnotations;

namespace QcsCloud.Workflow.Configuration;

/// <summary>Section <c>Qcs:Jobs</c>: which launcher runs the jobs, and its settings.</summary>
public sealed class JobLauncherOptions : IValidatableObject
{
    public const string Section = "Qcs:Jobs";

    public JobLauncherKind Kind { get; set; } = JobLauncherKind.LocalProcess;

    public LocalProcessOptions Local { get; set; } = new();

    public ContainerAppsOptions ContainerApps { get; set; } = new();

    /// <summary>
    /// The trainer's version in job content keys (reuse across runs): set it when the trainer is deployed apart from this
    /// host; empty: the Container Apps image, or locally the trainer command and this host's build.
    /// </summary>
    public string? TrainerVersion { get; set; }

    /// <summary>The trainer version a job's content key names (<see cref="TrainerVersion"/> or what stands for it).</summary>
    public string ResolvedTrainerVersion()
    {
        if (!string.IsNullOrWhiteSpace(TrainerVersion)) return TrainerVersion.Trim();
        if (Kind == JobLauncherKind.ContainerApps) return $"image:{ContainerApps.Image}";
        var build = typeof(JobLauncherOptions).Assembly
            .GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion ?? "unknown";
        return $"local:{Local.TrainerCommand}@{build}";
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        switch (Kind)
        {
            case JobLauncherKind.LocalProcess:
                if (string.IsNullOrWhiteSpace(Local.TrainerCommand))
                    yield return new($"{Section}:Local:TrainerCommand is empty: set the qcs command line, e.g. 'dotnet /path/to/qcs.dll'.");
                if (Local.MaxConcurrentProcesses is < 1 or > 64)
                    yield return new($"{Section}:Local:MaxConcurrentProcesses ({Local.MaxConcurrentProcesses}) must be between 1 and 64.");
                break;
            case JobLauncherKind.ContainerApps:
                if (!IsJobId(ContainerApps.TrainJobResourceId))
                    yield return new($"{Section}:ContainerApps:TrainJobResourceId '{ContainerApps.TrainJobResourceId}' is not a Container Apps Job id (/subscriptions/../resourceGroups/../providers/Microsoft.App/jobs/<name>).");
                if (ContainerApps.StageJobResourceId is not null && !IsJobId(ContainerApps.StageJobResourceId))
                    yield return new($"{Section}:ContainerApps:StageJobResourceId '{ContainerApps.StageJobResourceId}' is not a Container Apps Job id.");
                if (string.IsNullOrWhiteSpace(ContainerApps.Image))
                    yield return new($"{Section}:ContainerApps:Image is empty: the container override needs the trainer image.");
                if (!IsClientId(ContainerApps.JobsManagedIdentityClientId))
                    yield return new($"{Section}:ContainerApps:JobsManagedIdentityClientId '{ContainerApps.JobsManagedIdentityClientId}' is not a client id (GUID): the executions get it as AZURE_CLIENT_ID, since an override replaces the container's env.");
                if (!string.IsNullOrWhiteSpace(ContainerApps.ArmManagedIdentityClientId) && !IsClientId(ContainerApps.ArmManagedIdentityClientId))
                    yield return new($"{Section}:ContainerApps:ArmManagedIdentityClientId '{ContainerApps.ArmManagedIdentityClientId}' is not a client id (GUID); leave it empty for the Function App's system-assigned identity.");
                if (IsClientId(ContainerApps.ArmManagedIdentityClientId)
                    && string.Equals(ContainerApps.ArmManagedIdentityClientId!.Trim(), ContainerApps.JobsManagedIdentityClientId?.Trim(), StringComparison.OrdinalIgnoreCase))
                    yield return new($"{Section}:ContainerApps:ArmManagedIdentityClientId is the jobs' identity: ARM calls use the Function App's own identity (empty: system-assigned), which holds the job operator role.");
                break;
            default:
                yield return new($"{Section}:Kind ({Kind}) is unknown: use LocalProcess or ContainerApps.");
                break;
        }
    }

    private static bool IsClientId(string? id) => Guid.TryParse(id?.Trim(), out _);

    private static bool IsJobId(string? id) => id is not null && System.Text.RegularExpressions.Regex.IsMatch(
        id, "^/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft\\.App/jobs/[^/]+$",
        System.Text.RegularExpressions.RegexOptions.IgnoreCase);
}
