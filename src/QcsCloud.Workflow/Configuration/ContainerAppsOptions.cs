namespace QcsCloud.Workflow.Configuration;

/// <summary><see cref="Launchers.ContainerAppsJobLauncher"/>: the two Container Apps Jobs (GPU training, CPU staging).</summary>
public sealed class ContainerAppsOptions
{
    /// <summary>ARM id of the GPU training job: <c>/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.App/jobs/{name}</c>.</summary>
    public string? TrainJobResourceId { get; set; }

    /// <summary>ARM id of the CPU staging job (<c>qcs pack</c>); default: <see cref="TrainJobResourceId"/>.</summary>
    public string? StageJobResourceId { get; set; }

    /// <summary>Name of the container in the job template whose args/env are overridden.</summary>
    public string ContainerName { get; set; } = "qcs";

    /// <summary>Image of that container (an override replaces the whole container, so the image must be given).</summary>
    public string? Image { get; set; }

    /// <summary>Client id of the user-assigned managed identity (null: DefaultAzureCredential picks).</summary>
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>Set: ARM calls go to the Container Apps jobs emulator instead of Azure (tests, local mode).</summary>
    public ArmEmulatorOptions? Emulator { get; set; }
}
